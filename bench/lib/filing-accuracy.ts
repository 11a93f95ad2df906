/**
 * Filing accuracy on test/fixtures/filing.yaml: per-field accuracy of the classifier, destination
 * accuracy of the default rules, how often the bot asks, and every miss. Figures only, no pass/fail
 * (the unit test holds the threshold). `node bench/lib/filing-accuracy.ts` prints them.
 */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { subjectFinder } from "../../src/core/document-subjects.ts";
import { buildIndex } from "../../src/core/qa/knowledge-index.ts";
import { classifyDocument } from "../../src/domain/filing/classify.ts";
import { instanceLabel } from "../../src/domain/filing/instance.ts";
import type { FilingLexicon } from "../../src/domain/filing/lexicon-schema.ts";
import { chooseDestination } from "../../src/domain/filing/rules.ts";
import type { FilingRules } from "../../src/domain/filing/rules-schema.ts";
import type {
  Classification,
  Correction,
  Destination,
  SubjectFinder,
} from "../../src/domain/filing/types.ts";
import { DOCUMENT_TYPES, INSTANCE_KINDS } from "../../src/domain/filing/types.ts";
import type { TerritoryKnowledge } from "../../src/domain/knowledge.ts";
import { localToInstant } from "../../src/domain/time/zoned.ts";
import { loadFilingLexicon } from "../../src/filing/filing-lexicon.ts";
import { loadFilingRules } from "../../src/filing/rules-file.ts";
import { loadLexicon } from "../../src/store/qa-lexicon.ts";
import { demoKnowledge, FILING_SLUGS } from "../../test/unit/filing/plan-knowledge.ts";

export const FILING_FIXTURE = new URL("../../test/fixtures/filing.yaml", import.meta.url);

export const baseCaseSchema = z.strictObject({
  territoire: z.enum(FILING_SLUGS),
  fichier: z.string().min(1),
  message: z.string(),
  premiere_page: z.string().optional(),
  poste_le: z.coerce.string(),
  canal: z
    .strictObject({
      type: z.enum(DOCUMENT_TYPES).optional(),
      instance: z.strictObject({ type: z.enum(INSTANCE_KINDS), nom: z.string().optional() }).optional(),
      action: z.coerce.string().optional(),
      commune: z.string().optional(),
    })
    .optional(),
  corrections: z
    .array(
      z.strictObject({ fichier: z.string(), type: z.enum(DOCUMENT_TYPES).optional(), dossier: z.string() }),
    )
    .optional(),
  note: z.string().optional(),
  attendu: z.strictObject({
    type: z.enum(DOCUMENT_TYPES).optional(),
    instance: z.enum(INSTANCE_KINDS).optional(),
    action: z.coerce.string().optional(),
    commune: z.string().optional(),
    date: z.coerce.string(),
    dossier: z.string().optional(),
    demande: z.boolean().default(false),
  }),
});
const caseSchema = baseCaseSchema.extend({
  /** 1: written before the engine; 2: written after it (then used to correct it); 3: after that, never tuned on. */
  lot: z.union([z.literal(1), z.literal(2), z.literal(3)]),
});
/** A case of any set: the name-and-message fixture (with `lot`) or a set of real files (with `id`). */
export type FilingCase = z.infer<typeof baseCaseSchema> & { lot?: 1 | 2 | 3; id?: string };

export async function loadFilingCases(file: URL = FILING_FIXTURE): Promise<z.infer<typeof caseSchema>[]> {
  return z.array(caseSchema).parse(parse(await readFile(file, "utf8")));
}

export const FIELDS = ["type", "instance", "action", "commune", "date"] as const;
export type Field = (typeof FIELDS)[number];

export interface FilingResult {
  case: FilingCase;
  classification: Classification;
  destination: Destination;
  fields: Record<Field, boolean>;
  destinationOk: boolean;
}

/** "03 Instances/Groupes de travail/Animation*" → a pattern where `*` stays within one folder name. */
export function folderPattern(expected: string): RegExp {
  const escaped = expected.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
  return new RegExp(`^${escaped}$`);
}

/** What the bench gives the classifier besides the case: the file's reading and the plan's index. */
export interface CaseContext {
  firstPage?: string | null;
  takenAt?: string | null;
  subjects?: SubjectFinder;
  lexicon: FilingLexicon;
  /** Corrections made before this case (the replay of `bench/lib/filing-real-sets.ts`). */
  corrections?: Correction[];
}

export function evaluateCase(
  c: FilingCase,
  knowledge: TerritoryKnowledge,
  rules: FilingRules,
  context: CaseContext,
): FilingResult {
  const zone = knowledge.territory.timezone;
  const channel = c.canal;
  const corrections: Correction[] = [
    ...(context.corrections ?? []),
    ...(c.corrections ?? []).map((x) => ({ fileName: x.fichier, type: x.type ?? null, folder: x.dossier })),
  ];
  const classification = classifyDocument({
    knowledge,
    fileName: c.fichier,
    message: c.message,
    firstPage: context.firstPage === undefined ? (c.premiere_page ?? null) : context.firstPage,
    takenAt: context.takenAt ?? null,
    ...(context.subjects === undefined ? {} : { subjects: context.subjects }),
    lexicon: context.lexicon,
    postedAt: localToInstant(c.poste_le, zone),
    zone,
    corrections,
    channelDefaults: {
      ...(channel?.type === undefined ? {} : { type: channel.type }),
      ...(channel?.action === undefined ? {} : { action: channel.action }),
      ...(channel?.commune === undefined ? {} : { commune: channel.commune }),
      ...(channel?.instance === undefined
        ? {}
        : {
            instance: {
              kind: channel.instance.type,
              name: channel.instance.nom ?? null,
              label: instanceLabel(channel.instance.type, channel.instance.nom ?? null),
            },
          }),
    },
  });
  const destination = chooseDestination({
    classification,
    knowledge,
    rules,
    originalName: c.fichier,
    corrections,
  });
  const a = c.attendu;
  const type = classification.type?.value;
  const fields: Record<Field, boolean> = {
    type: (type === "autre" ? undefined : type) === a.type,
    instance: classification.instance?.value.kind === a.instance,
    action: classification.action?.value === a.action,
    commune: classification.commune?.value === a.commune,
    date: classification.date?.value === a.date,
  };
  const pattern = a.dossier === undefined ? null : folderPattern(a.dossier);
  const placed = a.demande
    ? pattern === null || destination.alternatives.some((x) => pattern.test(x.folder))
    : (pattern?.test(destination.folder) ?? false);
  return {
    case: c,
    classification,
    destination,
    fields,
    destinationOk: destination.ask === a.demande && placed,
  };
}

export async function evaluateFixture(file: URL = FILING_FIXTURE): Promise<FilingResult[]> {
  const [cases, rules, lexicon, qaLexicon] = await Promise.all([
    loadFilingCases(file),
    loadFilingRules(),
    loadFilingLexicon(),
    loadLexicon(),
  ]);
  // As the bot files: the plan, and its knowledge index for subjects.
  const plans = new Map<string, { knowledge: TerritoryKnowledge; subjects: SubjectFinder }>();
  for (const slug of FILING_SLUGS) {
    const knowledge = await demoKnowledge(slug);
    plans.set(slug, { knowledge, subjects: subjectFinder(buildIndex(knowledge, qaLexicon)) });
  }
  return cases.map((c) => {
    const plan = plans.get(c.territoire);
    if (plan === undefined) throw new Error(`territoire inconnu : ${c.territoire}`);
    return evaluateCase(c, plan.knowledge, rules, { lexicon, subjects: plan.subjects });
  });
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)} %`);

export function summaryLine(title: string, results: readonly FilingResult[]): string {
  const n = results.length;
  const fields = FIELDS.map((f) => `${f} ${pct(results.filter((r) => r.fields[f]).length, n)}`).join(" · ");
  const dest = pct(results.filter((r) => r.destinationOk).length, n);
  const asks = pct(results.filter((r) => r.destination.ask).length, n);
  const expected = pct(results.filter((r) => r.case.attendu.demande).length, n);
  return `${title} (${n} cases): ${fields} · destination ${dest} · asks ${asks} (expected ${expected})`;
}

export function missLine(r: FilingResult): string {
  const c = r.case;
  const wrong: string[] = FIELDS.filter((f) => !r.fields[f]).map((f) => {
    const got = f === "instance" ? r.classification.instance?.value.kind : r.classification[f]?.value;
    return `${f} ${got ?? "∅"} ≠ ${c.attendu[f] ?? "∅"}`;
  });
  if (!r.destinationOk) {
    const d = r.destination;
    const got = d.ask ? `asks [${d.alternatives.map((x) => x.folder).join(" | ")}]` : d.folder;
    wrong.push(`destination ${got} ≠ ${c.attendu.demande ? "asks " : ""}${c.attendu.dossier ?? "∅"}`);
  }
  return `  [${c.id ?? `lot ${c.lot}`}] ${c.territoire} · ${c.fichier} · « ${c.message} » → ${wrong.join("; ")}`;
}

export async function runAccuracyBench(): Promise<{ lines: string[] }> {
  const results = await evaluateFixture();
  const misses = results.filter((r) => !r.destinationOk || FIELDS.some((f) => !r.fields[f]));
  return {
    lines: [
      "Filing accuracy — test/fixtures/filing.yaml, default rules",
      summaryLine("all", results),
      summaryLine(
        "lot 1, written before the engine",
        results.filter((r) => r.case.lot === 1),
      ),
      summaryLine(
        "lot 2, written after it",
        results.filter((r) => r.case.lot === 2),
      ),
      summaryLine(
        "lot 3, written after the fixes",
        results.filter((r) => r.case.lot === 3),
      ),
      `misses (${misses.length}):`,
      ...misses.map(missLine),
    ],
  };
}

if (import.meta.main) {
  for (const line of (await runAccuracyBench()).lines) console.log(line);
}
