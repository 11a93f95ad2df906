/**
 * Filing measured on sets of real files (docs/filing-sets.md): each case's file is written in its
 * format (bench/lib/real-files.ts), read by the bot's own reader, classified and placed by the
 * default rules. Prints, per set, how many go to the right folder, how many make the bot ask, and
 * how many are placed wrongly without asking — the figure that matters most.
 * `node bench/lib/filing-real-sets.ts [--verbose] [--tuning] [--digest]` (`--digest`: a
 * fingerprint per set, to check that a refactor decided every case as before).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { subjectFinder } from "../../src/core/document-subjects.ts";
import { buildIndex } from "../../src/core/qa/knowledge-index.ts";
import { chooseDestination } from "../../src/domain/filing/rules.ts";
import type { Correction, SubjectFinder } from "../../src/domain/filing/types.ts";
import type { TerritoryKnowledge } from "../../src/domain/knowledge.ts";
import { readDocument } from "../../src/filing/extract-text.ts";
import { loadFilingLexicon } from "../../src/filing/filing-lexicon.ts";
import { loadFilingRules } from "../../src/filing/rules-file.ts";
import { loadLexicon } from "../../src/store/qa-lexicon.ts";
import { demoKnowledge, FILING_SLUGS } from "../../test/unit/filing/plan-knowledge.ts";
import {
  baseCaseSchema,
  type CaseContext,
  evaluateCase,
  type FilingCase,
  type FilingResult,
  folderPattern,
  loadFilingCases,
  missLine,
} from "./filing-accuracy.ts";
import { contentKeyFor, contentSchema, writeRealFile } from "./real-files.ts";

const realCaseSchema = baseCaseSchema
  .omit({ premiere_page: true })
  .extend({ id: z.string().min(1), contenu: contentSchema.optional() })
  .superRefine((c, ctx) => {
    const key = contentKeyFor(c.fichier);
    if (key === null)
      ctx.addIssue({ code: "custom", message: `${c.id} : format non pris en charge (${c.fichier})` });
    else if (c.contenu !== undefined && c.contenu[key] === undefined)
      ctx.addIssue({ code: "custom", message: `${c.id} : « contenu » doit utiliser la clé ${key}` });
  });
export type RealFilingCase = z.infer<typeof realCaseSchema>;

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url);
export const FILING_DEV_2 = fixture("filing-dev-2.yaml");
export const FILING_SEALED = fixture("filing-sealed.yaml");
export const FILING_SEALED_2 = fixture("filing-sealed-2.yaml");
export const FILING_REPLAY = fixture("filing-replay.yaml");

export async function loadRealCases(file: URL): Promise<RealFilingCase[]> {
  const cases = z.array(realCaseSchema).parse(parse(await readFile(file, "utf8")));
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`identifiant en double : ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

/** How a case ended: the right folder, a question, or a wrong folder chosen without asking. */
export type Outcome = "right" | "asked" | "wrong";

export function outcomeOf(r: FilingResult): Outcome {
  const expected = r.case.attendu;
  const d = r.destination;
  if (d.ask) return expected.demande && r.destinationOk ? "right" : "asked";
  return r.destinationOk ? "right" : "wrong";
}

/** Whether the expected folder is among those the bot offers when it asks. */
export function offersExpected(r: FilingResult): boolean {
  const folder = r.case.attendu.dossier;
  if (folder === undefined) return true;
  const pattern = folderPattern(folder);
  return r.destination.alternatives.some((x) => pattern.test(x.folder)) || pattern.test(r.destination.folder);
}

interface Territory {
  knowledge: TerritoryKnowledge;
  subjects: SubjectFinder;
}

let territories: Promise<Map<string, Territory>> | null = null;
/** The demo territories as the bot holds them: the plan and its knowledge index (the questions' one). */
function knowledgeOfAll(): Promise<Map<string, Territory>> {
  territories ??= (async () => {
    const lexicon = await loadLexicon();
    const map = new Map<string, Territory>();
    for (const slug of FILING_SLUGS) {
      const knowledge = await demoKnowledge(slug);
      map.set(slug, { knowledge, subjects: subjectFinder(buildIndex(knowledge, lexicon)) });
    }
    return map;
  })();
  return territories;
}

/** A case ready to classify: the plan, its index, and what the bot reads in the file. */
interface Prepared {
  c: FilingCase;
  territory: Territory;
  context: CaseContext;
}

async function prepareRealSet(file: URL): Promise<Prepared[]> {
  const [cases, all, lexicon] = await Promise.all([
    loadRealCases(file),
    knowledgeOfAll(),
    loadFilingLexicon(),
  ]);
  const out: Prepared[] = [];
  for (const c of cases) {
    const territory = all.get(c.territoire);
    if (territory === undefined) throw new Error(`territoire inconnu : ${c.territoire}`);
    const reading = await readDocument(await writeRealFile(c.fichier, c.contenu), c.fichier);
    out.push({
      c: { ...c },
      territory,
      context: { firstPage: reading.text, takenAt: reading.takenAt, subjects: territory.subjects, lexicon },
    });
  }
  return out;
}

async function prepareNameFixture(): Promise<Prepared[]> {
  const [cases, all, lexicon] = await Promise.all([loadFilingCases(), knowledgeOfAll(), loadFilingLexicon()]);
  return cases.map((c) => {
    const territory = all.get(c.territoire);
    if (territory === undefined) throw new Error(`territoire inconnu : ${c.territoire}`);
    return { c, territory, context: { subjects: territory.subjects, lexicon } };
  });
}

/**
 * Corrections replayed: the cases of each territory in the order they were posted; whenever the
 * bot misplaces one or asks, the référent moves it to the expected folder (`deplacer`), and the
 * next cases are filed knowing those corrections. Returns the results with that learning.
 */
export async function replayCorrections(prepared: readonly Prepared[]): Promise<FilingResult[]> {
  const rules = await loadFilingRules();
  const learned = new Map<string, Correction[]>();
  const ordered = [...prepared].sort((a, b) => String(a.c.poste_le).localeCompare(String(b.c.poste_le)));
  const results = new Map<Prepared, FilingResult>();
  for (const p of ordered) {
    const corrections = learned.get(p.c.territoire) ?? [];
    const r = evaluateCase(p.c, p.territory.knowledge, rules, {
      ...p.context,
      corrections: [...corrections],
    });
    results.set(p, r);
    if (outcomeOf(r) === "right" || r.case.attendu.dossier === undefined) continue;
    const folder = concreteFolder(r.case.attendu.dossier, r, p.territory.knowledge, rules);
    if (folder === null) continue;
    // Newest first, as the repository gives them.
    corrections.unshift({
      fileName: p.c.fichier,
      type: r.classification.type?.value ?? null,
      folder,
      words: r.classification.clues ?? [],
    });
    learned.set(p.c.territoire, corrections);
  }
  return prepared.map((p) => results.get(p) as FilingResult);
}

/**
 * The real folder a référent moves a document to: the expected one as written, or, when it
 * shortens titles with `*`, the folder the bot offered or the folder of the plan's action it names.
 */
function concreteFolder(
  expected: string,
  r: FilingResult,
  knowledge: TerritoryKnowledge,
  rules: Awaited<ReturnType<typeof loadFilingRules>>,
): string | null {
  if (!expected.includes("*")) return expected;
  const pattern = folderPattern(expected);
  const offered = [r.destination.folder, ...r.destination.alternatives.map((x) => x.folder)];
  const actionFolders = knowledge.actions.map(
    (a) =>
      chooseDestination({
        classification: {
          type: null,
          instance: null,
          commune: null,
          date: r.classification.date,
          action: { value: a.number, confidence: 1, source: "message", reason: "" },
        },
        knowledge,
        rules,
        originalName: r.case.fichier,
      }).folder,
  );
  return [...offered, ...actionFolders].find((f) => pattern.test(f)) ?? null;
}

/** Every case of a set of real files: written, read by the bot's reader, classified, placed. */
export async function evaluateRealSet(file: URL): Promise<FilingResult[]> {
  return evaluatePrepared(await prepareRealSet(file));
}

async function evaluatePrepared(prepared: readonly Prepared[]): Promise<FilingResult[]> {
  const rules = await loadFilingRules();
  return prepared.map((p) => evaluateCase(p.c, p.territory.knowledge, rules, p.context));
}

/** The name-and-message fixture as results, split into what may be tuned on and what may not. */
export async function evaluateNameFixture(): Promise<{ dev: FilingResult[]; heldOut: FilingResult[] }> {
  const results = await evaluatePrepared(await prepareNameFixture());
  return { dev: results.filter((r) => r.case.lot !== 3), heldOut: results.filter((r) => r.case.lot === 3) };
}

/** A set's cases without and with the corrections of earlier ones replayed. */
export async function runReplay(
  file: URL = FILING_REPLAY,
): Promise<{ without: FilingResult[]; with: FilingResult[] }> {
  const prepared = await prepareRealSet(file);
  return { without: await evaluatePrepared(prepared), with: await replayCorrections(prepared) };
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)} %`);

export interface SetFigures {
  n: number;
  right: number;
  asked: number;
  askedOffering: number;
  wrong: number;
}

export function figuresOf(results: readonly FilingResult[]): SetFigures {
  const outcomes = results.map((r) => ({ r, o: outcomeOf(r) }));
  return {
    n: results.length,
    right: outcomes.filter((x) => x.o === "right").length,
    asked: outcomes.filter((x) => x.o === "asked").length,
    askedOffering: outcomes.filter((x) => x.o === "asked" && offersExpected(x.r)).length,
    wrong: outcomes.filter((x) => x.o === "wrong").length,
  };
}

export function figuresLine(title: string, results: readonly FilingResult[]): string {
  const f = figuresOf(results);
  // Right-or-asked counts an ask only when the right folder is among the choices: one click away.
  return `${title} (${f.n} cases): right ${pct(f.right, f.n)} · asked ${pct(f.asked, f.n)} (right folder offered in ${f.askedOffering}) · right-or-asked ${pct(f.right + f.askedOffering, f.n)} · wrong without asking ${pct(f.wrong, f.n)} (${f.wrong})`;
}

export interface RealSetsReport {
  lines: string[];
  sets: Record<"dev" | "dev2" | "heldOut" | "sealed" | "sealed2", FilingResult[] | null>;
}

/**
 * A fingerprint of every case's classification and destination in a set: two runs with the same
 * fingerprint decided every case the same way. For refactors that must not change understanding,
 * without printing what a sealed set holds.
 */
export function fingerprintOf(results: readonly FilingResult[]): string {
  // Decisions only: the reasons' wording and confidences may change without changing any.
  const decided = results.map(({ classification: c, destination: d }) => [
    c.type?.value ?? null,
    c.instance?.value.kind ?? null,
    c.action?.value ?? null,
    c.commune?.value ?? null,
    c.date?.value ?? null,
    (c.actionChoices ?? []).map((a) => a.value),
    d.path,
    d.ask,
    d.alternatives.map((a) => a.folder),
  ]);
  return createHash("sha256").update(JSON.stringify(decided)).digest("hex").slice(0, 16);
}

export async function runRealSetsBench(
  options: { verbose?: boolean; sealed?: boolean; digest?: boolean } = {},
): Promise<RealSetsReport> {
  const names = await evaluateNameFixture();
  const dev2 = await evaluateRealSet(FILING_DEV_2);
  const sealed = options.sealed === false ? null : await evaluateRealSet(FILING_SEALED);
  const sealed2 = options.sealed === false ? null : await evaluateRealSet(FILING_SEALED_2);
  const replay = await runReplay();
  const lines = [
    "Filing — right folder, asked, wrong without asking (default rules)",
    figuresLine("dev: filing.yaml lots 1–2 (name, message, first page)", names.dev),
    figuresLine("dev: filing-dev-2.yaml (real files)", dev2),
    figuresLine("held-out: filing.yaml lot 3", names.heldOut),
    sealed === null
      ? "sealed: filing-sealed.yaml not run"
      : figuresLine("sealed: filing-sealed.yaml (real files; first run 2026-12-08)", sealed),
    sealed2 === null
      ? "sealed 2: filing-sealed-2.yaml not run"
      : figuresLine("sealed 2: filing-sealed-2.yaml (real files; first run 2026-12-08)", sealed2),
    "Corrections replayed on filing-replay.yaml (documents in series; each misplaced or asked one moved by hand, in the order posted):",
    figuresLine("without learning", replay.without),
    figuresLine("learning from earlier corrections", replay.with),
  ];
  if (options.verbose) {
    for (const [title, set] of [
      ["dev lots 1–2", names.dev],
      ["dev 2", dev2],
    ] as const) {
      const misses = set.filter((r) => outcomeOf(r) !== "right");
      lines.push(
        `${title}, not right (${misses.length}):`,
        ...misses.map((r) => `${outcomeOf(r)} ${missLine(r)}`),
      );
    }
  }
  if (options.digest) {
    const sets = { dev: names.dev, dev2, heldOut: names.heldOut, sealed, sealed2, replay: replay.with };
    lines.push(
      `fingerprints: ${Object.entries(sets)
        .map(([name, set]) => `${name} ${set === null ? "—" : fingerprintOf(set)}`)
        .join(" · ")}`,
    );
  }
  return { lines, sets: { dev: names.dev, dev2, heldOut: names.heldOut, sealed, sealed2 } };
}

if (import.meta.main) {
  const report = await runRealSetsBench({
    verbose: process.argv.includes("--verbose"),
    sealed: !process.argv.includes("--tuning"),
    digest: process.argv.includes("--digest"),
  });
  for (const line of report.lines) console.log(line);
}
