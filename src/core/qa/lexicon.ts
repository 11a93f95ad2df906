import type { RoleName } from "../../domain/knowledge.ts";
import type { EventKind } from "../../domain/model.ts";
import type { EntityKind, FacetKey } from "../../domain/qa/facets.ts";
import type { LexiconFile } from "../../domain/qa/lexicon-schema.ts";
import { FrenchAnalyzer, type Token, tokenize } from "../../domain/search/french-analyzer.ts";
import { PhraseMatcher } from "./phrase-matcher.ts";

/** What a phrase of the question says. */
export type Cue =
  | { type: "facet"; facets: Partial<Record<FacetKey, number>>; keep: boolean }
  | { type: "kind"; kinds: Partial<Record<EntityKind, number>>; keep: boolean }
  | { type: "event_kind"; kind: EventKind }
  | { type: "role"; roles: RoleName[] }
  | { type: "equipment_type"; equipmentType: string }
  | { type: "next" }
  | { type: "past" }
  | { type: "month"; month: number }
  | { type: "ordinal"; n: number }
  | { type: "list" }
  | { type: "count" }
  | { type: "absent"; label: string }
  /** `means`: the plan's phrases for it, each a sequence of terms that must all be found. */
  | { type: "synonym"; means: string[][] }
  | { type: "filler" };

/** The lexicon file, compiled once: one phrase matcher for every cue, one for the rewrites. */
export class Lexicon {
  readonly analyzer: FrenchAnalyzer;
  readonly cues = new PhraseMatcher<Cue>();
  readonly rewrites = new PhraseMatcher<string[]>();
  /** Equipment types named in the lexicon, folded (« eaje »), with their cue phrases. */
  readonly equipmentTypeCues: { type: string; cues: string[] }[];

  readonly file: LexiconFile;

  constructor(file: LexiconFile) {
    this.file = file;
    this.analyzer = new FrenchAnalyzer(file.stopwords);
    for (const r of file.rewrites)
      this.rewrites.add(
        r.from,
        tokenize(r.to).map((t) => t.text),
      );
    for (const f of file.fillers) this.cues.add(f, { type: "filler" });
    for (const f of file.facets)
      for (const c of f.cues) this.cues.add(c, { type: "facet", facets: f.facets, keep: f.keep });
    for (const k of file.kinds)
      for (const c of k.cues) this.cues.add(c, { type: "kind", kinds: k.kinds, keep: k.keep });
    for (const e of file.event_kinds)
      for (const c of e.cues) this.cues.add(c, { type: "event_kind", kind: e.kind });
    for (const r of file.roles) for (const c of r.cues) this.cues.add(c, { type: "role", roles: r.roles });
    for (const e of file.equipment_types)
      for (const c of e.cues) this.cues.add(c, { type: "equipment_type", equipmentType: e.type });
    this.equipmentTypeCues = file.equipment_types.map((e) => ({ type: e.type, cues: e.cues }));
    for (const c of file.time?.next ?? []) this.cues.add(c, { type: "next" });
    for (const c of file.time?.past ?? []) this.cues.add(c, { type: "past" });
    (file.time?.months ?? []).forEach((names, i) => {
      for (const c of names) this.cues.add(c, { type: "month", month: i + 1 });
    });
    for (const o of file.time?.ordinals ?? [])
      for (const c of o.cues) this.cues.add(c, { type: "ordinal", n: o.n });
    for (const c of file.modes.list) this.cues.add(c, { type: "list" });
    for (const c of file.modes.count) this.cues.add(c, { type: "count" });
    for (const a of file.absent) for (const c of a.cues) this.cues.add(c, { type: "absent", label: a.label });
    for (const s of file.synonyms) {
      const means = s.means.map((m) => this.analyzer.terms(m)).filter((m) => m.length > 0);
      for (const w of s.words) this.cues.add(w, { type: "synonym", means });
    }
  }

  /** Chat spellings rewritten (« qd » → « quand », « tél » → « telephone »), for questions and plan texts alike. */
  rewrite(tokens: Token[]): Token[] {
    const matches = this.rewrites.matchAll(tokens, { typos: false });
    if (matches.length === 0) return tokens;
    const out: Token[] = [];
    let i = 0;
    for (const m of matches) {
      if (m.start < i) continue;
      out.push(...tokens.slice(i, m.start), ...m.value.map((text) => ({ text, raw: text })));
      i = m.end;
    }
    out.push(...tokens.slice(i));
    return out;
  }
}
