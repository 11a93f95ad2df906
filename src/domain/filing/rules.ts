import type { TerritoryKnowledge } from "../knowledge.ts";
import { formatDateFr } from "../time/french-format.ts";
import { learnedFolder, similarCorrection } from "./corrections.ts";
import { templateVars } from "./destination-vars.ts";
import { DOCUMENT_TYPE_LABELS } from "./labels.ts";
import { safeSegment } from "./names.ts";
import { round } from "./precedence.ts";
import type { FilingRule, FilingRules } from "./rules-schema.ts";
import { renderTemplate, type TemplateVars } from "./template.ts";
import { findPhrase, phrase, splitExtension, tokenize } from "./tokens.ts";
import type { Classification, Correction, Destination } from "./types.ts";

export type { FilingRule, FilingRules } from "./rules-schema.ts";

export interface DestinationInput {
  classification: Classification;
  knowledge: TerritoryKnowledge;
  rules: FilingRules;
  originalName: string;
  corrections?: Correction[];
}

interface Candidate {
  folder: string;
  label: string;
  score: number;
  rule: FilingRule | null;
  reason: string;
}

/** Offered when nothing else is: the static folders of the tree, in rule order. */
const MAX_ALTERNATIVES = 4;

/**
 * Where a classified document goes and under which name. Every rule whose conditions hold is
 * scored (its weight × the confidence of the fields it relies on); a learned correction for a
 * similar file name competes too. The bot asks when the best score is low or a different folder
 * comes close; the caller then parks the file in the rules' "A classer" folder.
 */
export function chooseDestination(input: DestinationInput): Destination {
  const { classification: c, rules } = input;
  const vars = templateVars(c, input.knowledge, input.originalName, rules.titleMaxLength);
  const candidates = dedupe([
    ...learnedCandidate(input),
    ...rules.rules.flatMap((rule) =>
      ruleCandidate(rule, input.knowledge, c, vars, input.originalName, rules.root),
    ),
    ...choiceCandidates(input),
  ]);
  const [best, second] = candidates;
  const unsorted = join(rules.root, rules.unsorted);
  const folder = best?.folder ?? unsorted;
  const confidence = round(best?.score ?? 0);
  // A close second only counts if the bot would have taken it on its own.
  const close =
    best !== undefined &&
    second !== undefined &&
    second.score >= rules.askBelow &&
    second.score >= best.score - rules.askMargin;
  const ask = best === undefined || best.score < rules.askBelow || close;
  const fileName = nameFor(best?.rule ?? null, rules, vars, input.originalName);
  const reasons = [...fieldReasons(c), ...(best === undefined ? [] : [best.reason])];
  if (best === undefined) reasons.push("Aucune règle ne s'applique : le document attend dans « A classer ».");
  else if (close && second !== undefined) reasons.push(`Hésitation avec « ${second.folder} ».`);
  else if (ask) reasons.push(`Pas assez sûr (confiance ${Math.round(best.score * 100)} %).`);
  return {
    folder,
    fileName,
    path: `${folder}/${fileName}`,
    confidence,
    ask,
    reasons,
    alternatives: alternatives(candidates, rules, vars, unsorted),
  };
}

function ruleCandidate(
  rule: FilingRule,
  knowledge: TerritoryKnowledge,
  c: Classification,
  vars: TemplateVars,
  originalName: string,
  root: string,
): Candidate[] {
  const w = rule.when;
  const confidences: number[] = [];
  if (w.types !== null) {
    if (c.type === null || !w.types.includes(c.type.value)) return [];
    confidences.push(c.type.confidence);
  }
  if (w.excludedTypes !== null && c.type !== null && w.excludedTypes.includes(c.type.value)) return [];
  if (w.instances !== null) {
    if (c.instance === null || !w.instances.includes(c.instance.value.kind)) return [];
    confidences.push(c.instance.confidence);
  }
  for (const [wanted, guess] of [
    [w.action, c.action],
    [w.commune, c.commune],
  ] as const) {
    if (wanted === null) continue;
    if (wanted !== (guess !== null)) return [];
    if (guess !== null) confidences.push(guess.confidence);
  }
  if (w.planHasActions !== null && w.planHasActions !== knowledge.actions.length > 0) return [];
  if (w.planHasCommunes !== null && w.planHasCommunes !== knowledge.communes.length > 0) return [];
  if (w.nameContains !== null) {
    if (!nameContains(originalName, w.nameContains)) return [];
    confidences.push(0.9);
  }
  const rendered = renderFolder(rule.folder, vars);
  if (rendered === null) return [];
  const folder = join(root, rendered);
  const score = rule.weight * Math.min(...confidences);
  const label =
    (rule.label === null ? null : renderTemplate(rule.label, vars)) ?? rendered.split("/").pop() ?? rendered;
  return [{ folder, label, score, rule, reason: `Règle « ${rule.key} » : ${rendered}.` }];
}

/**
 * When the document's words point to two or three fiches with none ahead, each one's folder
 * competes at the choice's (low) confidence: the bot asks, offering them.
 */
function choiceCandidates(input: DestinationInput): Candidate[] {
  const { classification: c, rules } = input;
  if (c.action !== null || c.actionChoices === undefined) return [];
  return c.actionChoices.flatMap((choice) => {
    const chosen: Classification = { ...c, action: choice };
    const vars = templateVars(chosen, input.knowledge, input.originalName, rules.titleMaxLength);
    return rules.rules
      .filter((rule) => rule.when.action === true)
      .flatMap((rule) => ruleCandidate(rule, input.knowledge, chosen, vars, input.originalName, rules.root));
  });
}

function learnedCandidate(input: DestinationInput): Candidate[] {
  return [...byName(input), ...byWords(input)];
}

/** The words that described a document moved by hand, shared by this one: it goes there too. */
function byWords(input: DestinationInput): Candidate[] {
  const found = learnedFolder(input.classification.clues ?? [], input.corrections ?? []);
  if (found === null) return [];
  const label = found.folder.split("/").pop() ?? found.folder;
  const times = found.corrections > 1 ? `${found.corrections} documents` : "un document";
  const reason = `${times} décrit${found.corrections > 1 ? "s" : ""} par ${found.words
    .slice(0, 3)
    .map((w) => `« ${w} »`)
    .join(", ")} déplacé${found.corrections > 1 ? "s" : ""} à la main dans « ${found.folder} ».`;
  return [{ folder: found.folder, label, score: found.confidence, rule: null, reason: capitalize(reason) }];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function byName(input: DestinationInput): Candidate[] {
  const found = similarCorrection(input.originalName, input.corrections ?? []);
  if (found === null) return [];
  const { correction, similarity } = found;
  const type = input.classification.type;
  const contradicts =
    correction.type !== null && type !== null && type.confidence >= 0.8 && type.value !== correction.type;
  const score = (0.8 + 0.15 * Math.min(1, (similarity - 0.6) / 0.4)) * (contradicts ? 0.7 : 1);
  const label = correction.folder.split("/").pop() ?? correction.folder;
  const reason = `Classé comme « ${correction.fileName} », déplacé à la main dans « ${correction.folder} ».`;
  return [{ folder: correction.folder, label, score, rule: null, reason }];
}

function nameContains(originalName: string, words: readonly string[]): boolean {
  const tokens = tokenize(splitExtension(originalName).stem);
  return words.some(
    (w) =>
      findPhrase(
        tokens,
        phrase(
          tokenize(w)
            .map((t) => t.fold)
            .join(" "),
        ),
      ) >= 0,
  );
}

function renderFolder(template: string, vars: TemplateVars): string | null {
  const rendered = renderTemplate(template, vars);
  if (rendered === null) return null;
  return rendered
    .split("/")
    .filter((s) => s.trim() !== "")
    .map(safeSegment)
    .join("/");
}

const join = (root: string, folder: string): string => (root === "" ? folder : `${root}/${folder}`);

/** One candidate per folder (the best), best first; ties keep the order of the rules. */
function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const seen = best.get(c.folder);
    if (seen === undefined || c.score > seen.score) best.set(c.folder, c);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

function alternatives(
  candidates: readonly Candidate[],
  rules: FilingRules,
  vars: TemplateVars,
  unsorted: string,
): Destination["alternatives"] {
  const out = candidates.slice(0, MAX_ALTERNATIVES).map((c) => ({ folder: c.folder, label: c.label }));
  const add = (folder: string, label: string) => {
    if (out.length < MAX_ALTERNATIVES && !out.some((o) => o.folder === folder)) out.push({ folder, label });
  };
  // Nothing the bot would take on its own (a guess from one word): the tree's own folders too.
  const weak = (candidates[0]?.score ?? 0) < rules.askBelow;
  if (out.length < 2 || weak) add(unsorted, `Laisser dans « ${rules.unsorted} »`);
  if (out.length < 2 || weak) {
    for (const rule of rules.rules) {
      if (/[{[]/.test(rule.folder)) continue;
      const rendered = renderFolder(rule.folder, vars);
      if (rendered !== null) add(join(rules.root, rendered), rule.label ?? rendered);
    }
  }
  return out;
}

/** "2024-03-12 - Compte rendu - COPIL.pdf": the rule's name templates, then the file's; extension kept, lower case. */
function nameFor(
  rule: FilingRule | null,
  rules: FilingRules,
  vars: TemplateVars,
  originalName: string,
): string {
  const { extension } = splitExtension(originalName);
  const templates = [...(rule?.fileNames ?? []), ...rules.fileNames];
  const stem =
    templates.map((t) => renderTemplate(t, vars)).find((r) => r !== null) ?? vars.original ?? "Document";
  return safeSegment(extension === "" ? stem : `${safeSegment(stem)}.${extension}`);
}

function fieldReasons(c: Classification): string[] {
  const out: string[] = [];
  if (c.type !== null)
    out.push(`Type : ${DOCUMENT_TYPE_LABELS[c.type.value].toLowerCase()} — ${c.type.reason}.`);
  if (c.instance !== null) out.push(`Instance : ${c.instance.value.label} — ${c.instance.reason}.`);
  if (c.action !== null) out.push(`Action ${c.action.value} — ${c.action.reason}.`);
  else if (c.relatedAction !== undefined)
    out.push(`Noté aussi pour l'action ${c.relatedAction.value} — ${c.relatedAction.reason}.`);
  if (c.commune !== null) out.push(`Commune : ${c.commune.value} — ${c.commune.reason}.`);
  if (c.date !== null)
    out.push(`Date : ${formatDateFr(c.date.value, { weekday: false })} — ${c.date.reason}.`);
  return out;
}
