import { create, insertMultiple, search } from "@orama/orama";
import MiniSearch from "minisearch";

/**
 * Full-text search over a territory's passages, behind one narrow port so that two well-kept
 * libraries can be measured on the same questions (docs/adr/0004-passage-search.md): MiniSearch
 * and Orama, both BM25 with field boosts, prefix and typo matching. Texts come in already
 * analysed (French stems, stop words out, see FrenchAnalyzer), so both see the same terms.
 */
export interface EnginePassage {
  id: number;
  /** Terms of the entity's name (an action's title, a person's name): boosted. */
  name: readonly string[];
  /** Terms of the passage's own text, with the glossary's expansions. */
  text: readonly string[];
}

export const ENGINE_NAMES = ["minisearch", "orama"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** How a passage matched: its BM25 score, and whether a term was found as written (not by prefix or typo). */
export interface EngineMatch {
  score: number;
  exact: boolean;
}

export interface PassageEngine {
  readonly name: EngineName;
  /** The passages that any of `terms` finds (as written, as a prefix or with a typo). */
  match(terms: readonly string[]): Map<number, EngineMatch>;
}

const NAME_BOOST = 2;
/** A typo is allowed in words of five letters and more, two in words of eight and more. */
const maxTypos = (term: string) => (term.length >= 8 ? 2 : term.length >= 5 ? 1 : 0);

class MiniSearchEngine implements PassageEngine {
  readonly name = "minisearch" as const;
  private readonly index = new MiniSearch<{ id: number; name: string; text: string }>({
    fields: ["name", "text"],
    tokenize: (s) => s.split(" ").filter((t) => t.length > 0),
    processTerm: (t) => t,
    searchOptions: {
      boost: { name: NAME_BOOST },
      prefix: (t) => t.length >= 4,
      fuzzy: (t) => maxTypos(t) || false,
      weights: { fuzzy: 0.5, prefix: 0.7 },
      combineWith: "OR",
    },
  });

  constructor(passages: readonly EnginePassage[]) {
    this.index.addAll(passages.map((p) => ({ id: p.id, name: p.name.join(" "), text: p.text.join(" ") })));
  }

  match(terms: readonly string[]): Map<number, EngineMatch> {
    const found = new Map<number, EngineMatch>();
    if (terms.length === 0) return found;
    const query = terms.join(" ");
    const exact = new Set(this.index.search(query, { prefix: false, fuzzy: false }).map((r) => Number(r.id)));
    for (const r of this.index.search(query)) {
      const id = Number(r.id);
      found.set(id, { score: r.score, exact: exact.has(id) });
    }
    return found;
  }
}

type OramaDb = ReturnType<typeof createOramaDb>;

function createOramaDb() {
  return create({
    schema: { name: "string", text: "string" } as const,
    components: {
      tokenizer: {
        language: "french",
        normalizationCache: new Map(),
        tokenize: (raw: string) => raw.split(" ").filter((t) => t.length > 0),
      },
    },
  });
}

class OramaEngine implements PassageEngine {
  readonly name = "orama" as const;
  private readonly db: OramaDb = createOramaDb();
  private readonly size: number;

  constructor(passages: readonly EnginePassage[]) {
    const inserted = insertMultiple(
      this.db,
      passages.map((p) => ({ id: String(p.id), name: p.name.join(" "), text: p.text.join(" ") })),
    );
    if (inserted instanceof Promise) throw new Error("Orama: insertion asynchrone inattendue");
    this.size = passages.length;
  }

  private run(term: string, tolerance: number, exact: boolean) {
    const results = search(this.db, {
      term,
      properties: ["name", "text"],
      boost: { name: NAME_BOOST },
      tolerance,
      exact,
      threshold: 1,
      limit: this.size,
    });
    if (results instanceof Promise) throw new Error("Orama : recherche asynchrone inattendue");
    return results.hits;
  }

  match(terms: readonly string[]): Map<number, EngineMatch> {
    const found = new Map<number, EngineMatch>();
    if (terms.length === 0) return found;
    const exact = new Set(this.run(terms.join(" "), 0, true).map((h) => Number(h.id)));
    // Orama's tolerance is per search, not per term: one search per tolerance.
    for (const tolerance of [0, 1, 2]) {
      const group = terms.filter((t) => maxTypos(t) === tolerance);
      if (group.length === 0) continue;
      for (const hit of this.run(group.join(" "), tolerance, false)) {
        const id = Number(hit.id);
        const score = Math.max(found.get(id)?.score ?? 0, hit.score);
        found.set(id, { score, exact: exact.has(id) });
      }
    }
    for (const id of exact) if (!found.has(id)) found.set(id, { score: 0, exact: true });
    return found;
  }
}

export function createPassageEngine(name: EngineName, passages: readonly EnginePassage[]): PassageEngine {
  return name === "orama" ? new OramaEngine(passages) : new MiniSearchEngine(passages);
}
