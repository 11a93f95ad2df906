import type { Reply } from "../reply.ts";

/** What a question asks; the `ask --json` contract prints it as is. */
export const INTENTS = [
  "when",
  "who",
  "which_actions",
  "status",
  "what_is",
  "how_many",
  "where",
  "action",
  "convention",
  "unknown",
] as const;
export type Intent = (typeof INTENTS)[number];

export const REF_TYPES = [
  "action",
  "milestone",
  "event",
  "glossary",
  "person",
  "equipment",
  "territory",
  "instance",
  "axis",
  "rule",
] as const;
export type RefType = (typeof REF_TYPES)[number];

/**
 * A fact an answer rests on. Ids: an action's number as written ("10", "1.1"); a milestone
 * `<action number>@<start YYYY-MM-DD>`; an event its local start date `YYYY-MM-DD`; a glossary
 * entry its acronym; a person their key; an equipment `<commune slug>/<name slug>`; a territory
 * its slug; an instance its key; an axis its number as written; a rule (of a convention or charter) its key.
 */
export interface Ref {
  type: RefType;
  id: string;
}

export interface Answer {
  intent: Intent;
  /** The field of the first ref's entity the answer gives (« pilote », « public_cible »), null when it says it does not know. */
  facet: string | null;
  /** Best first; empty when the bot does not know. */
  refs: Ref[];
  reply: Reply;
}
