import type { RoleName } from "../../domain/knowledge.ts";
import type { EventKind } from "../../domain/model.ts";
import type { EntityKind, FacetKey } from "../../domain/qa/facets.ts";
import { stemWord, type Token, tokenize } from "../../domain/search/french-analyzer.ts";
import { wordRuns } from "../../domain/text/french/words.ts";
import type { KnowledgeIndex, TerritoryCue } from "./knowledge-index.ts";
import type { Cue } from "./lexicon.ts";
import type { PhraseMatch } from "./phrase-matcher.ts";

/** A topic word (or phrase) of the question and the terms that stand for it. */
export interface Concept {
  /** As typed, folded. */
  word: string;
  /** Its own stems: all of them must be found in one passage. */
  terms: string[];
  /** The plan's phrases for the same thing (lexicon synonyms), found with less confidence. */
  alternatives: string[][];
  /** 1 in the sentence that asks; less in the sentences around it (« je prépare le copil, … »). */
  weight: number;
  /** Typed as an acronym or its expansion (« relais petite enfance » for RPE). */
  ofAcronym?: boolean;
}

/** What a question says, read once against the lexicon and the territory's names. */
export interface Reading {
  raw: string;
  tokens: Token[];
  /** Facets asked, with the strength of their cue. */
  facets: Map<FacetKey, number>;
  /** Kinds of thing named (« fiche », « crèche »), with strength. */
  kinds: Map<EntityKind, number>;
  eventKinds: EventKind[];
  roles: RoleName[];
  equipmentTypes: string[];
  acronyms: string[];
  /** Words typed in capitals that no glossary knows (« MIL »). */
  unknownAcronyms: string[];
  communes: string[];
  actionNumbers: string[];
  axisNumbers: string[];
  years: number[];
  months: number[];
  relative: "next" | "past" | null;
  /** « la troisième date » → 3. */
  ordinal: number | null;
  list: boolean;
  count: boolean;
  /** A fact plans seldom hold (« budget »), as the lexicon labels it, and the words that asked it. */
  absent: string | null;
  absentWords: string[];
  /** What the question is about, beyond its cue words. */
  concepts: Concept[];
}

type AnyCue = { from: "lexicon"; cue: Cue } | { from: "territory"; cue: TerritoryCue };

/** Cues whose words stay in the topic: they name the thing itself (« copil », « LAEP », « Boé »). */
const keepsWords = (c: AnyCue) =>
  (c.from === "territory" && c.cue.type !== "territory_name") ||
  (c.from === "lexicon" &&
    (c.cue.type === "event_kind" ||
      c.cue.type === "role" ||
      c.cue.type === "equipment_type" ||
      c.cue.type === "absent" ||
      ((c.cue.type === "facet" || c.cue.type === "kind") && c.cue.keep)));

const isNumber = (w: string) => /^\d+(\.\d+)?$/.test(w);
const NUMBER_WORDS = new Set(["n", "no", "num", "numero", "nr"]);
/** How much the words of a sentence that does not ask count, against the one that asks. */
const CONTEXT_WEIGHT = 0.4;
const SENTENCE_ENDS = new Set(["?", "!", ".", ";"]);

/**
 * The sentence each token is in, from the punctuation of the raw question, and the sentences that
 * end with a question mark.
 */
function sentencesOf(raw: string, count: number): { ids: number[]; asked: number[] } {
  const ids: number[] = [];
  const asked: number[] = [];
  let sentence = 0;
  let i = 0;
  for (const { word } of wordRuns(raw.normalize("NFC"), { sentenceMarks: true })) {
    if (SENTENCE_ENDS.has(word)) {
      if (i > 0 && ids[i - 1] === sentence) {
        if (word === "?") asked.push(sentence);
        sentence++;
      }
      continue;
    }
    ids[i++] = sentence;
  }
  while (ids.length < count) ids.push(sentence);
  return { ids, asked };
}

/**
 * Reads a question: cue phrases (facets, kinds, time, list or count), the territory's names
 * (communes, acronyms, equipment types), fiche and axis numbers, and the words left, which are
 * what it is about. `ignore`: words that named a territory (« à Mellois, … »).
 */
export function readQuestion(raw: string, index: KnowledgeIndex, ignore: readonly string[] = []): Reading {
  // Chat spellings are rewritten sentence by sentence (« y a » → « il y a » adds a word), so that
  // each word keeps the sentence it was typed in.
  const original = tokenize(raw);
  const { ids: originalSentence, asked } = sentencesOf(raw, original.length);
  const tokens: Token[] = [];
  const sentence: number[] = [];
  for (let start = 0; start < original.length; ) {
    const id = originalSentence[start] ?? 0;
    let end = start;
    while (end < original.length && originalSentence[end] === id) end++;
    for (const t of index.lexicon.rewrite(original.slice(start, end))) {
      tokens.push(t);
      sentence.push(id);
    }
    start = end;
  }
  const ignored = new Set(ignore);
  const candidates: PhraseMatch<AnyCue>[] = [
    ...index.lexicon.cues
      .matchAll(tokens)
      .map((m) => ({ ...m, value: { from: "lexicon" as const, cue: m.value } })),
    ...index.names
      .matchAll(tokens)
      .filter((m) => {
        const c = m.value;
        if (c.type !== "acronym" || !c.capitalsOnly) return true;
        const typed = tokens[m.start]?.raw ?? "";
        return m.typos === 0 && typed === typed.toUpperCase();
      })
      .map((m) => ({ ...m, value: { from: "territory" as const, cue: m.value } })),
  ].filter((m) => m.typos === 0 || m.end - m.start > 1 || (tokens[m.start]?.text.length ?? 0) >= 5);
  // Longest phrases first; among equals, the one typed without typos, then the territory's names.
  candidates.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      a.typos - b.typos ||
      (a.value.from === "territory" ? -1 : 0) - (b.value.from === "territory" ? -1 : 0) ||
      a.start - b.start,
  );
  const taken = new Array<boolean>(tokens.length).fill(false);
  const kept = new Array<boolean>(tokens.length).fill(true);
  const chosen: PhraseMatch<AnyCue>[] = [];
  for (const m of candidates) {
    let free = true;
    for (let i = m.start; i < m.end; i++) if (taken[i]) free = false;
    // The same words may name several things (« RPE » an acronym and an equipment type).
    const twin = chosen.some((c) => c.start === m.start && c.end === m.end && c.typos === m.typos);
    if (!free && !twin) continue;
    chosen.push(m);
    for (let i = m.start; i < m.end; i++) {
      taken[i] = true;
      if (!keepsWords(m.value)) kept[i] = false;
    }
  }

  const reading: Reading = {
    raw,
    tokens,
    facets: new Map(),
    kinds: new Map(),
    eventKinds: [],
    roles: [],
    equipmentTypes: [],
    acronyms: [],
    unknownAcronyms: [],
    communes: [],
    actionNumbers: [],
    axisNumbers: [],
    years: [],
    months: [],
    relative: null,
    ordinal: null,
    list: false,
    count: false,
    absent: null,
    absentWords: [],
    concepts: [],
  };
  const bump = <K>(map: Map<K, number>, key: K, w: number) => map.set(key, Math.max(map.get(key) ?? 0, w));
  const add = <T>(xs: T[], x: T) => {
    if (!xs.includes(x)) xs.push(x);
  };
  const inIgnored = (m: PhraseMatch<AnyCue>) =>
    tokens.slice(m.start, m.end).every((t) => ignored.has(t.text));
  // The sentence that asks: the one with the strongest cue of a facet.
  // Without a cue, the last sentence with a question mark (« aide aux devoirs ?? des parents m'en
  // parlent »), else the last one.
  let asking = asked.at(-1) ?? sentence.at(-1) ?? 0;
  let strongest = 0;
  const communeMatches: PhraseMatch<AnyCue>[] = [];
  const acronymToken = new Array<boolean>(tokens.length).fill(false);
  for (const m of chosen.sort((a, b) => a.start - b.start)) {
    const v = m.value;
    if (v.from === "territory") {
      const c = v.cue;
      if (c.type === "commune") communeMatches.push(m);
      else if (c.type === "acronym") {
        if (!inIgnored(m)) add(reading.acronyms, c.acronym);
        for (let i = m.start; i < m.end; i++) acronymToken[i] = true;
      } else if (c.type === "equipment_type") add(reading.equipmentTypes, c.equipmentType);
      else bump(reading.kinds, "territory", 0.3);
      continue;
    }
    const c = v.cue;
    switch (c.type) {
      case "facet":
        for (const [f, w] of Object.entries(c.facets) as [FacetKey, number][]) {
          bump(reading.facets, f, w);
          if (w > strongest) {
            strongest = w;
            asking = sentence[m.start] ?? asking;
          }
        }
        break;
      case "kind":
        for (const [k, w] of Object.entries(c.kinds) as [EntityKind, number][]) bump(reading.kinds, k, w);
        break;
      case "event_kind":
        add(reading.eventKinds, c.kind);
        break;
      case "role":
        for (const r of c.roles) add(reading.roles, r);
        break;
      case "equipment_type":
        add(reading.equipmentTypes, c.equipmentType);
        break;
      case "next":
        reading.relative = "next";
        break;
      case "past":
        reading.relative = "past";
        break;
      case "month":
        add(reading.months, c.month);
        break;
      case "ordinal":
        reading.ordinal ??= c.n;
        break;
      case "list":
        reading.list = true;
        break;
      case "count":
        reading.count = true;
        break;
      case "absent":
        reading.absent ??= c.label;
        for (const t of tokens.slice(m.start, m.end))
          if (!index.lexicon.analyzer.isStop(t.text)) reading.absentWords.push(t.text);
        break;
      case "synonym": {
        const words = tokens.slice(m.start, m.end).map((t) => t.text);
        const own = [...new Set(index.lexicon.analyzer.terms(words.join(" ")))];
        reading.concepts.push({
          word: words.join(" "),
          terms: own,
          alternatives: c.means.filter((m) => m.join(" ") !== own.join(" ")),
          weight: m.start,
        });
        break;
      }
      case "filler":
        break;
    }
  }
  // A commune that only named the territory (« l'agglo d'Agen ») is not a filter when another is named.
  const named = communeMatches.filter((m) => !inIgnored(m));
  for (const m of named.length ? named : communeMatches) {
    if (m.value.from === "territory" && m.value.cue.type === "commune")
      add(reading.communes, m.value.cue.name);
  }

  // Numbers: « action 11 », « FA 2.3 », « axe 2 », « la 2.7 », years.
  const kindBefore = (i: number): "action" | "axis" | null => {
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      const w = tokens[j]?.text ?? "";
      if (NUMBER_WORDS.has(w)) continue;
      for (const m of chosen) {
        if (m.end !== j + 1 || m.value.from !== "lexicon" || m.value.cue.type !== "kind") continue;
        const kinds = Object.keys(m.value.cue.kinds);
        if (kinds.includes("axis")) return "axis";
        if (kinds.includes("action")) return "action";
      }
      return null;
    }
    return null;
  };
  tokens.forEach((t, i) => {
    if (!isNumber(t.text)) return;
    kept[i] = false;
    const n = Number(t.text);
    if (!t.text.includes(".") && n >= 1900 && n <= 2100) {
      add(reading.years, n);
      return;
    }
    const kind = kindBefore(i);
    if (kind === "axis") add(reading.axisNumbers, t.text);
    else if (kind === "action" || t.text.includes(".")) add(reading.actionNumbers, t.text);
    // Other numbers (« 16-25 ans ») say something only next to what they count.
    else if (tokens[i + 1]?.text === "ans" || tokens[i - 1]?.text === "caf") kept[i] = true;
  });

  tokens.forEach((t, i) => {
    if (!kept[i] || ignored.has(t.text) || index.lexicon.analyzer.isStop(t.text)) return;
    reading.concepts.push({
      word: t.text,
      terms: [stemWord(t.text)],
      alternatives: [],
      weight: i,
      ...(acronymToken[i] ? { ofAcronym: true } : {}),
    });
    const typed = t.raw;
    if (
      typed.length >= 2 &&
      typed.length <= 6 &&
      typed === typed.toUpperCase() &&
      /^\p{L}+$/u.test(typed) &&
      !reading.acronyms.includes(t.text)
    )
      reading.unknownAcronyms.push(typed);
  });
  // « GTT ? » : an acronym alone asks what it means.
  if (
    reading.facets.size === 0 &&
    reading.acronyms.length > 0 &&
    reading.concepts.every((c) => reading.acronyms.includes(c.word))
  )
    bump(reading.facets, "glossary.definition", 0.6);
  // « Prochain copil ? » asks a date.
  if (reading.relative !== null) {
    bump(reading.facets, "event.date", 0.6);
    bump(reading.facets, "milestone.date", 0.4);
  }
  // Concepts carry their position until here; now their weight.
  for (const c of reading.concepts) c.weight = sentence[c.weight] === asking ? 1 : CONTEXT_WEIGHT;
  return reading;
}
