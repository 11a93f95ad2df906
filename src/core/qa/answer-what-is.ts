import { context, list, reply, text } from "../../chat/reply.ts";
import type { GlossaryEntry } from "../../domain/knowledge.ts";
import { STOPWORDS } from "../../domain/search/french-words.ts";
import { normalizeText } from "../../domain/text/normalize.ts";
import { closest } from "../../domain/text/similarity.ts";
import { dontKnow } from "./dont-know.ts";
import type { QaInput } from "./qa-input.ts";
import { actionRef, glossaryRef, instanceRef } from "./refs.ts";
import type { Answer } from "./types.ts";

/** The term a "what is" question asks about: what follows "qu'est-ce qu'un", "c'est quoi"… */
export function askedTerm(q: QaInput["q"]): string {
  const after = q.text.match(
    / (?:qu est ce qu(?:e|un|une)?|c est quoi|que veut dire|que signifie|signifie|veut dire|definition d(?:e|u|es)?|sigle|acronyme|kesako) (.*)$/,
  );
  const tail = (after?.[1] ?? q.text).replace(
    / (un|une|le|la|les|l|des|du|d|de|c est|ca|quoi|svp|exactement|donc) /g,
    " ",
  );
  return tail.trim();
}

function entriesFor(glossary: readonly GlossaryEntry[], acronym: string): GlossaryEntry[] {
  const n = normalizeText(acronym);
  return glossary.filter((g) => normalizeText(g.acronym) === n);
}

const TRIGGER_WORDS = new Set([
  "qu",
  "est",
  "ce",
  "que",
  "un",
  "une",
  "c",
  "quoi",
  "ca",
  "veut",
  "dire",
  "signifie",
  "signification",
  "definition",
  "sigle",
  "acronyme",
  "le",
  "la",
  "les",
  "l",
  "d",
  "de",
  "du",
  "des",
  "au",
  "juste",
  "exactement",
  "donc",
  "svp",
  "kesako",
]);

export function answerWhatIs(input: QaInput): Answer {
  const k = input.index.knowledge;
  const term = askedTerm(input.q);
  // Acronyms anywhere in the question ("DGS ça veut dire quoi ?"); "en", "ca" only in capitals.
  const words = input.q.text.split(" ").filter((w) => w.length > 0 && !TRIGGER_WORDS.has(w));
  const typedAsAcronym = (w: string) =>
    !(w.length <= 2 || STOPWORDS.has(w)) ||
    new RegExp(`(^|[^A-Za-z])${w.toUpperCase()}([^A-Za-z]|$)`).test(input.q.raw);
  const direct = words
    .filter(typedAsAcronym)
    .map((w) => entriesFor(k.glossary, w))
    .find((e) => e.length > 0);
  const byExpansion = direct
    ? []
    : input.index.synonyms.acronymsIn(input.q.raw).map((a) => entriesFor(k.glossary, a));
  const entries = direct ?? byExpansion.find((e) => e.length > 0) ?? [];
  const first = entries[0];
  if (first) {
    const lines = entries.map((g) => `${g.expansion}${g.explanation ? ` — ${g.explanation}` : ""}`);
    return {
      intent: "what_is",
      refs: [glossaryRef(first)],
      reply: reply(
        text(`${first.acronym} :`),
        list(lines),
        ...(entries.length > 1 ? [context("Plusieurs sens : le premier est celui de la CTG.")] : []),
        context(
          first.origin === "territory"
            ? `Source : plan de ${k.territory.name}.`
            : "Source : glossaire du bot CTG.",
        ),
      ),
    };
  }
  const unknown = words.find((w) => w.length >= 2) ?? term;
  const looksLikeAcronym = words.length <= 2 && /^[a-z]{2,6}$/.test(unknown);
  if (!looksLikeAcronym) {
    const instance = input.index.instances.search(term, { limit: 1, minScore: 0.6 })[0];
    if (instance) {
      const i = instance.item;
      return {
        intent: "what_is",
        refs: [instanceRef(i)],
        reply: reply(
          text(`${i.name}${i.role ? ` : ${i.role}` : ""}`),
          context(`Source : ${i.source ?? k.territory.name}.`),
        ),
      };
    }
    const action = input.index.actions.search(term, { limit: 1, minScore: 0.7 })[0];
    if (action) {
      const a = action.item;
      return {
        intent: "what_is",
        refs: [actionRef(a)],
        reply: reply(
          text(`C'est l'objet de l'action ${a.number} : ${a.title}.`),
          context(`Source : ${k.territory.name}, ${a.source ?? `fiche action ${a.number}`}.`),
        ),
      };
    }
  }
  const near = closest(unknown, [...new Set(k.glossary.map((g) => g.acronym))], 1);
  const mentions = input.index.actions
    .search(unknown, { limit: 2, minScore: 0.9 })
    .map((h) => `Le terme apparaît dans l'action ${h.item.number} : ${h.item.title}`);
  return dontKnow(
    input,
    "what_is",
    `Je ne connais pas « ${unknown.toUpperCase()} » : ni le glossaire ni le plan ne le définissent.`,
    [...mentions, ...near.map((a) => `${a} : ${entriesFor(k.glossary, a)[0]?.expansion ?? ""}`)],
  );
}
