import type { TerritoryKnowledge } from "../../domain/knowledge.ts";
import type { EntityKind, FacetKey } from "../../domain/qa/facets.ts";
import { AcronymExpander, capitalsOnly } from "../../domain/search/acronyms.ts";
import { tokenize } from "../../domain/search/french-analyzer.ts";
import {
  createPassageEngine,
  type EngineMatch,
  type EngineName,
  type PassageEngine,
} from "../../domain/search/passage-engine.ts";
import { type Entity, entitiesOf } from "./entities.ts";
import type { Lexicon } from "./lexicon.ts";
import { FIELD_WEIGHT, passagesOf } from "./passages.ts";
import { PhraseMatcher } from "./phrase-matcher.ts";

/** A searchable field of an entity. */
export interface Passage {
  id: number;
  entity: Entity;
  facet: FacetKey;
  /** How much a match here says the question is about the entity (FIELD_WEIGHT). */
  weight: number;
  /** True when the field has text of its own (not just the entity's name). */
  hasText: boolean;
}

/** Names of the territory's own things, found in questions. */
export type TerritoryCue =
  | { type: "commune"; name: string }
  | { type: "acronym"; acronym: string; capitalsOnly: boolean }
  | { type: "equipment_type"; equipmentType: string }
  /** The territory's own name (« Mellois en Poitou », « GMVA »): the territory itself. */
  | { type: "territory_name" };

export const DEFAULT_ENGINE: EngineName = "minisearch";

/** Everything needed to answer questions about one territory, built once per plan version. */
export interface KnowledgeIndex {
  knowledge: TerritoryKnowledge;
  lexicon: Lexicon;
  entities: Entity[];
  byKind: Map<EntityKind, Entity[]>;
  passages: Passage[];
  acronyms: AcronymExpander;
  names: PhraseMatcher<TerritoryCue>;
  /** Passages (by id) that any of the terms finds, with their search score. */
  match(terms: readonly string[]): Map<number, EngineMatch>;
  /** The search terms of a text, analysed as the passages were (lexicon, stems, acronyms). */
  termsOf(text: string): string[];
  engine: EngineName;
}

export function buildIndex(
  knowledge: TerritoryKnowledge,
  lexicon: Lexicon,
  engineName: EngineName = DEFAULT_ENGINE,
): KnowledgeIndex {
  const analyzer = lexicon.analyzer;
  const acronyms = new AcronymExpander(knowledge.glossary, analyzer);
  const entities = entitiesOf(knowledge);
  const byKind = new Map<EntityKind, Entity[]>();
  for (const e of entities) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);

  // An entity's name stands in each of its passages: each text is analysed once.
  const analysed = new Map<string, string[]>();
  /** The search terms of a text: the lexicon's rewrites, stems, and acronyms with their expansions. */
  const analyse = (text: string): string[] => {
    const tokens = tokenize(text);
    return [...analyzer.termsOfTokens(lexicon.rewrite(tokens)), ...acronyms.expandTokens(tokens)];
  };
  const terms = (text: string) => {
    let known = analysed.get(text);
    if (!known) {
      known = analyse(text);
      analysed.set(text, known);
    }
    return known;
  };
  const passages: Passage[] = [];
  const sources: { id: number; name: string[]; text: string[] }[] = [];
  for (const entity of entities) {
    for (const p of passagesOf(entity)) {
      const id = passages.length;
      passages.push({
        id,
        entity,
        facet: p.facet,
        weight: FIELD_WEIGHT[p.facet] ?? 1,
        hasText: p.text.trim() !== "",
      });
      sources.push({
        id,
        name: terms(p.name),
        text: terms(p.text),
      });
    }
  }

  const names = new PhraseMatcher<TerritoryCue>();
  const t = knowledge.territory;
  for (const n of [t.name, t.shortName]) if (n) names.add(n, { type: "territory_name" });
  for (const c of knowledge.communes) names.add(c.name, { type: "commune", name: c.name });
  for (const e of knowledge.equipment) {
    names.add(e.type, { type: "equipment_type", equipmentType: e.type });
  }
  for (const cue of lexicon.equipmentTypeCues) {
    const type = knowledge.equipment.find((e) => sameWords(e.type, cue.type))?.type;
    if (type) for (const c of cue.cues) names.add(c, { type: "equipment_type", equipmentType: type });
  }
  const seen = new Set<string>();
  for (const g of knowledge.glossary) {
    const folded = tokenize(g.acronym).map((t) => t.text);
    const acronym = folded.join("");
    if (folded.length !== 1 || seen.has(`${acronym}|${g.expansion}`)) continue;
    seen.add(`${acronym}|${g.expansion}`);
    names.add(g.acronym, { type: "acronym", acronym, capitalsOnly: capitalsOnly(acronym, analyzer) });
    for (const p of [g.expansion, ...g.variants]) {
      if (analyzer.terms(p).length >= 2) names.add(p, { type: "acronym", acronym, capitalsOnly: false });
    }
  }

  // Built with the index (itself built on a territory's first question, or when the bot warms up):
  // the passages' terms are not kept once the engine has them.
  const engine: PassageEngine = createPassageEngine(engineName, sources);
  const cache = new Map<string, Map<number, EngineMatch>>();
  return {
    knowledge,
    lexicon,
    entities,
    byKind,
    passages,
    acronyms,
    names,
    engine: engineName,
    termsOf: analyse,
    match(terms) {
      const key = terms.join(" ");
      let hit = cache.get(key);
      if (!hit) {
        hit = engine.match(terms);
        if (cache.size < 2_000) cache.set(key, hit);
      }
      return hit;
    },
  };
}

function sameWords(a: string, b: string): boolean {
  return (
    tokenize(a)
      .map((t) => t.text)
      .join(" ") ===
    tokenize(b)
      .map((t) => t.text)
      .join(" ")
  );
}
