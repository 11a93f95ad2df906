import type { TerritoryKnowledge } from "../knowledge.ts";
import type { CalendarEvent } from "../model.ts";
import type { Hit } from "./hit.ts";
import { freeName, KIND_OF_EVENT, matchNamed, namedInstances } from "./instance-names.ts";
import type { WordsCue } from "./lexicon-schema.ts";
import { findPhrase, quote, STOPWORDS, spanText, tokenize } from "./tokens.ts";
import type { InstanceKind, InstanceRef } from "./types.ts";

export interface InstanceHit extends Hit<InstanceRef> {
  /** The journée ressources of the plan the text names ("journée ressources d'automne"). */
  event: CalendarEvent | null;
}

const LABELS: Record<InstanceKind, string> = {
  copil: "COPIL",
  cotech: "COTECH",
  "groupe-de-travail": "Groupe de travail",
  "cellule-de-suivi": "Cellule de suivi",
  commission: "Commission",
  "journee-ressources": "Journée ressources",
};

/** "Groupe de travail Parentalité", "Commission petite enfance", "COPIL". */
export function instanceLabel(kind: InstanceKind, name: string | null): string {
  if (name === null || kind === "copil" || kind === "cotech" || kind === "cellule-de-suivi")
    return LABELS[kind];
  if (kind === "journee-ressources") return LABELS[kind];
  const shown = kind === "commission" ? name.charAt(0).toLocaleLowerCase("fr") + name.slice(1) : name;
  return `${LABELS[kind]} ${shown}`;
}

/** "pour le copil", "en vue du COTECH": the document is prepared for the meeting, not of it. */
const PURPOSE = /^(pour|vers|avant|preparation|prepa)$/;
const PURPOSE_FACTOR = 0.7;

/**
 * The instance a text names: COPIL, COTECH, a groupe de travail or commission (named as in the plan
 * when the words fit one: "GT parentalité", "commission PE"), the cellule de suivi, a journée ressources.
 */
export function findInstance(
  text: string,
  knowledge: TerritoryKnowledge,
  cues: readonly WordsCue<InstanceKind>[],
): InstanceHit | null {
  const tokens = tokenize(text);
  const named = namedInstances(knowledge.instances);
  const hits: InstanceHit[] = [];
  for (const pattern of [...cues, ...ownNames(knowledge)]) {
    const at = findPhrase(tokens, pattern.words);
    if (at < 0) continue;
    const end = at + pattern.words.length;
    let confidence = pattern.confidence;
    let name: string | null = null;
    let event: CalendarEvent | null = null;
    const kind = pattern.value;
    if (kind === "groupe-de-travail" || kind === "commission") {
      const keyword = tokens[end - 1]?.fold ?? "";
      const match = matchNamed(tokens, end, kind, named);
      const only = named.filter((n) => n.kind === kind);
      if (match !== null) name = match.name;
      else if (/^gtt\d+$/.test(keyword)) name = keyword.toUpperCase();
      else if (kind === "commission" && only.length === 1 && only[0] !== undefined) name = only[0].name;
      else name = freeName(text, tokens, end);
      if (pattern.confidence < 0.6 && match !== null) confidence = 0.85;
      if (pattern.confidence < 0.6 && match === null) continue;
    } else if (kind === "journee-ressources") {
      event = matchEvent(
        tokens.map((t) => t.fold),
        knowledge.events,
      );
      name = event?.title ?? freeName(text, tokens, end);
    }
    let before = at - 1;
    while (
      before >= 0 &&
      STOPWORDS.has(tokens[before]?.fold ?? "") &&
      !PURPOSE.test(tokens[before]?.fold ?? "")
    )
      before--;
    if (PURPOSE.test(tokens[before]?.fold ?? "") || tokens[before]?.fold === "vue")
      confidence *= PURPOSE_FACTOR;
    const evidence = quote(spanText(text, tokens, at, end));
    hits.push({
      value: { kind, name, label: instanceLabel(kind, name) },
      confidence,
      index: at,
      evidence,
      event,
    });
  }
  return headInstance(hits);
}

/** The plan's own names of its instances: "Comité territorial de Services aux Familles" is Agen's COPIL. */
function ownNames(knowledge: TerritoryKnowledge): WordsCue<InstanceKind>[] {
  const out: WordsCue<InstanceKind>[] = [];
  for (const instance of knowledge.instances) {
    const kind = KIND_OF_EVENT[instance.kind];
    if (kind === undefined || kind === "groupe-de-travail" || kind === "commission") continue;
    for (const part of instance.name.split(/[()]/)) {
      const words = tokenize(part).map((t) => t.fold.replace(/[^a-z0-9]/g, ""));
      if (words.length >= 2)
        out.push({ value: kind, words: words.map((w) => new RegExp(`^${w}$`)), confidence: 0.9 });
    }
  }
  return out;
}

function headInstance(hits: readonly InstanceHit[]): InstanceHit | null {
  const strong = hits.filter((h) => h.confidence >= 0.6).sort((a, b) => a.index - b.index);
  return strong[0] ?? [...hits].sort((a, b) => b.confidence - a.confidence)[0] ?? null;
}

/** The journée ressources whose title shares a word with the text ("automne", "printemps 2027"). */
function matchEvent(words: readonly string[], events: readonly CalendarEvent[]): CalendarEvent | null {
  const scored = events
    .filter((e) => KIND_OF_EVENT[e.kind] === "journee-ressources")
    .map((e) => {
      const own = tokenize(e.title)
        .map((t) => t.fold)
        .filter((w) => w.length >= 4 && !/^(journees?|ressources?)$/.test(w) && !STOPWORDS.has(w));
      return { e, s: own.filter((w) => words.includes(w)).length };
    })
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s);
  const [best, second] = scored;
  return best === undefined || (second !== undefined && second.s === best.s) ? null : best.e;
}
