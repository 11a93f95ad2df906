import type { Action, CalendarEvent } from "../model.ts";
import { formatDateFr } from "../time/french-format.ts";
import { localDate } from "../time/zoned.ts";
import { findAction } from "./action-ref.ts";
import { findCommune } from "./commune.ts";
import { clueWords, similarCorrection } from "./corrections.ts";
import { findDocumentType, typeFromExtension } from "./doc-type.ts";
import { eventNear } from "./event-date.ts";
import { type DatePreference, findDate } from "./french-date.ts";
import type { Hit } from "./hit.ts";
import { findInstance, type InstanceHit, instanceLabel } from "./instance.ts";
import { KIND_OF_EVENT } from "./instance-names.ts";
import { DOCUMENT_TYPE_LABELS } from "./labels.ts";
import type { FilingLexicon } from "./lexicon-schema.ts";
import { decide, round, type Sourced } from "./precedence.ts";
import { actionFromSubjects, eventsOfDay, findSubjectYear, SUBJECT } from "./subject.ts";
import { foldChars, quote, splitExtension, tokenize } from "./tokens.ts";
import type {
  Classification,
  ClassifyInput,
  DocumentType,
  FieldGuess,
  FieldSource,
  InstanceRef,
} from "./types.ts";

/** What the channel's defaults are worth: chosen on purpose by the team, but not about this file. */
const CHANNEL_CONFIDENCE = 0.65;
const LEARNED_CONFIDENCE = 0.7;
/** A date read from the plan's calendar (the COPIL of the day before); less for a demo example. */
const EVENT_DATE_CONFIDENCE = 0.6;
const EXAMPLE_EVENT_DATE_CONFIDENCE = 0.45;
/** No date anywhere: the day the message was posted, so that names still sort by date. */
const POSTED_DATE_CONFIDENCE = 0.3;
/** Only the top of a first page says what the document is, and whose. */
const CONTENT_CHARS = {
  type: 400,
  instance: 400,
  action: 400,
  commune: 300,
  date: 600,
  year: 160,
  subject: 1500,
};
/** When a photo was taken, from its EXIF: the camera's clock, usually right. */
const TAKEN_DATE_CONFIDENCE = 0.75;
/** A photo or an archive of photos taken (or, without EXIF, posted) on the day of a plan event. */
const EVENT_OF_DAY_CONFIDENCE = { taken: 0.7, posted: 0.55 };

const REPORT_TYPES = new Set<DocumentType>([
  "compte-rendu",
  "releve-de-decisions",
  "feuille-emargement",
  "bilan",
  "deliberation",
  "diagnostic",
  "convention",
  "tableau-de-bord",
]);
const AGENDA_TYPES = new Set<DocumentType>(["ordre-du-jour", "invitation"]);
/** Documents with a folder of their own whatever their subject, unless an action is named. */
const OWN_FOLDER_TYPES = new Set<DocumentType>([
  "bilan",
  "tableau-de-bord",
  "convention",
  "deliberation",
  "diagnostic",
]);
/** Documents of a meeting: without a date of their own, they take the date of the meeting. */
const MEETING_TYPES = new Set<DocumentType>([
  "compte-rendu",
  "ordre-du-jour",
  "releve-de-decisions",
  "feuille-emargement",
  "presentation",
  "invitation",
]);

interface Text {
  source: FieldSource;
  text: string;
}

const channelHit = <T>(value: T | undefined, shown: (value: T) => string): Hit<T> | null =>
  value === undefined
    ? null
    : { value, confidence: CHANNEL_CONFIDENCE, index: 0, evidence: quote(shown(value)) };

/**
 * Reads a posted document's type, instance, action, commune and date from the message, the file
 * name, the first page and the channel's defaults, in that order of precedence. Pure: `postedAt`
 * and `zone` stand in for the clock.
 */
export function classifyDocument(input: ClassifyInput): Classification {
  const { knowledge } = input;
  const { stem, extension } = splitExtension(input.fileName);
  const page = input.firstPage ?? "";
  const texts = (chars: number): Text[] => [
    { source: "message", text: input.message },
    { source: "filename", text: stem },
    { source: "content", text: page.slice(0, chars) },
  ];
  const defaults = input.channelDefaults ?? {};
  const today = localDate(input.postedAt, input.zone);

  const learned = similarCorrection(input.fileName, input.corrections ?? []);
  const type = decide<DocumentType>(
    [
      ...texts(CONTENT_CHARS.type)
        .filter((t) => t.source !== "content")
        .map((t) => ({ source: t.source, hit: findDocumentType(t.text, t.source, input.lexicon.types) })),
      // Slides are a presentation whatever their first slide names (« les fiches actions »).
      { source: "filename", hit: typeFromExtension(extension) },
      {
        source: "content",
        hit: findDocumentType(page.slice(0, CONTENT_CHARS.type), "content", input.lexicon.types),
      },
      { source: "channel", hit: channelHit(defaults.type, (t) => DOCUMENT_TYPE_LABELS[t]) },
      {
        source: "learned",
        hit:
          learned?.correction.type == null
            ? null
            : {
                value: learned.correction.type,
                confidence: LEARNED_CONFIDENCE,
                index: 0,
                evidence: quote(learned.correction.fileName),
              },
      },
    ],
    (a, b) => a === b,
  );

  const instanceHits = texts(CONTENT_CHARS.instance).map((t) => ({
    source: t.source,
    hit: findInstance(t.text, knowledge, input.lexicon.instances),
  }));
  const instance = decide<InstanceRef>(
    [...instanceHits, { source: "channel", hit: channelHit(defaults.instance, (i) => i.label) }],
    (a, b) => a.kind === b.kind && (a.name ?? "") === (b.name ?? ""),
    (v) => v.label,
  );

  const action = decide<string>(
    [
      ...texts(CONTENT_CHARS.action).map((t) => ({
        source: t.source,
        hit: findAction(t.text, knowledge.actions, knowledge.glossary),
      })),
      { source: "channel", hit: channelHit(defaults.action, (n) => `action ${n}`) },
    ],
    (a, b) => a === b,
    (n) => `action ${n} du plan`,
  );

  const commune = decide<string>(
    [
      ...texts(CONTENT_CHARS.commune).map((t) => ({
        source: t.source,
        hit: findCommune(t.text, knowledge.communes, {
          territoryName: knowledge.territory.name,
          fuzzy: t.source !== "content",
        }),
      })),
      { source: "channel", hit: channelHit(defaults.commune, (c) => c) },
    ],
    (a, b) => a === b,
  );

  const prefer = preferenceFor(type?.value ?? null);
  const written = decide<string>(
    texts(CONTENT_CHARS.date).map((t) => ({ source: t.source, hit: findDate(t.text, { today, prefer }) })),
    (a, b) => a === b,
    (d) => formatDateFr(d, { weekday: false }),
  );
  const taken = takenDate(input.takenAt ?? null);
  const ofDay =
    type === null || type.value === "autre" ? eventOfDay(input, taken?.value ?? today, taken !== null) : null;
  const foundInstance = instance ?? ofDay?.instance ?? null;
  const meeting = type !== null && MEETING_TYPES.has(type.value) ? foundInstance : null;
  const date =
    written ?? taken ?? eventDate(meeting, instanceHits, input, today, prefer) ?? postedDate(today);

  const bySubject = subjectAction(input, texts(CONTENT_CHARS.subject), ofDay?.event ?? null, {
    explicit: action,
    type,
    instance: foundInstance,
  });
  // The minutes of a commission that a fiche is about (« renforcer le rôle de la commission
  // enfance jeunesse ») live with the commission, and are recorded under the fiche too.
  const related =
    foundInstance !== null && type !== null && MEETING_TYPES.has(type.value)
      ? fichesAbout(foundInstance.value, knowledge.actions)
      : null;
  // The minutes of a known meeting name fiches they discussed: the meeting is their home.
  const ownAction =
    action !== null &&
    action.source === "content" &&
    type !== null &&
    MEETING_TYPES.has(type.value) &&
    foundInstance !== null &&
    foundInstance.confidence >= 0.5
      ? null
      : action;
  const year =
    written !== null && type !== null && MEETING_TYPES.has(type.value)
      ? null
      : decide<string>(
          texts(CONTENT_CHARS.year).map((t) => ({
            source: t.source,
            hit: findSubjectYear(t.text, today, input.lexicon, yearSpan(input)),
          })),
          (a, b) => a === b,
          (y) => `année ${y}`,
        );
  return {
    type,
    instance: withEventName(foundInstance, date.value, input),
    action: ownAction ?? bySubject.action,
    commune,
    date,
    ...(bySubject.choices.length > 0 ? { actionChoices: bySubject.choices } : {}),
    year: year !== null && year.value !== date.value.slice(0, 4) ? year : null,
    clues: clueWords(input.message, input.fileName, input.firstPage, input.lexicon.saysNothing),
    ...(related === null || foundInstance === null
      ? {}
      : {
          relatedAction: {
            value: related,
            confidence: foundInstance.confidence,
            source: foundInstance.source,
            reason: `la fiche ${related} porte sur ${foundInstance.value.label}`,
          },
        }),
  };
}

/** The day a photo was taken (EXIF), as the document's date when nothing is written. */
function takenDate(takenAt: string | null): FieldGuess<string> | null {
  if (takenAt === null) return null;
  return {
    value: takenAt.slice(0, 10),
    confidence: TAKEN_DATE_CONFIDENCE,
    source: "content",
    reason: "date de la prise de vue (EXIF)",
  };
}

/** Years a document of this convention may be about: a few before it starts, a couple after it ends. */
function yearSpan(input: ClassifyInput): { from: number; to: number } {
  const t = input.knowledge.territory;
  const start = Number((t.conventionStart ?? "2000").slice(0, 4));
  const end = Number((t.conventionEnd ?? "2100").slice(0, 4));
  return { from: start - 6, to: end + 2 };
}

/**
 * A photo (or a document that says nothing of itself) taken or posted on the day of an event of
 * the plan: that event, and its instance when it is a meeting or a journée ressources.
 */
function eventOfDay(
  input: ClassifyInput,
  day: string,
  fromExif: boolean,
): { event: CalendarEvent; instance: FieldGuess<InstanceRef> | null } | null {
  const events = eventsOfDay(input.knowledge, day, input.zone);
  if (events.length !== 1) return null;
  const [event] = events;
  if (event === undefined) return null;
  const kind = KIND_OF_EVENT[event.kind];
  if (kind === undefined) return { event, instance: null };
  const named = findInstance(event.title, input.knowledge, input.lexicon.instances);
  const value: InstanceRef =
    named !== null && named.value.kind === kind
      ? named.value
      : { kind, name: null, label: instanceLabel(kind, null) };
  const when = fromExif ? "prise de vue" : "dépôt";
  return {
    event,
    instance: {
      value,
      confidence: fromExif ? EVENT_OF_DAY_CONFIDENCE.taken : EVENT_OF_DAY_CONFIDENCE.posted,
      source: "content",
      reason: `${when} le jour de « ${event.title} »`,
    },
  };
}

/** The one fiche whose title names this group or commission (its kind and every word of its name). */
function fichesAbout(instance: InstanceRef, actions: readonly Action[]): string | null {
  if (instance.name === null || (instance.kind !== "commission" && instance.kind !== "groupe-de-travail"))
    return null;
  const kindWord = instance.kind === "commission" ? "commission" : "groupe";
  const name = tokenize(instance.name)
    .map((t) => t.fold)
    .filter((w) => w.length > 2);
  const found = actions.filter((a) => {
    const title = new Set(tokenize(a.title).map((t) => t.fold.replace(/s$/, "")));
    return title.has(kindWord) && name.length > 0 && name.every((w) => title.has(w.replace(/s$/, "")));
  });
  return found.length === 1 ? (found[0]?.number ?? null) : null;
}

/** The text, followed by how the plan may write its everyday words (prisma/filing/lexicon.yaml). */
function withSynonyms(text: string, lexicon: FilingLexicon): string {
  const added = new Set<string>();
  for (const token of tokenize(text)) for (const s of lexicon.synonyms.get(token.fold) ?? []) added.add(s);
  return added.size === 0 ? text : `${text}\n${[...added].join(" ")}`;
}

/** The action the document's words (and the event of the day's) are about, from the knowledge index. */
function subjectAction(
  input: ClassifyInput,
  texts: readonly Text[],
  event: CalendarEvent | null,
  found: {
    explicit: FieldGuess<string> | null;
    type: FieldGuess<DocumentType> | null;
    instance: FieldGuess<InstanceRef> | null;
  },
): { action: FieldGuess<string> | null; choices: FieldGuess<string>[] } {
  const none = { action: null, choices: [] };
  if (input.subjects === undefined || input.knowledge.actions.length === 0) return none;
  // An action named (« FA 2.3 »), a document with a folder of its own (a bilan, a délibération),
  // a meeting's document whose instance is known: the subject does not decide where they go.
  if (found.explicit !== null && found.explicit.confidence >= 0.5) return none;
  if (found.type !== null && OWN_FOLDER_TYPES.has(found.type.value) && found.type.confidence >= 0.5)
    return none;
  const meeting = found.type !== null && MEETING_TYPES.has(found.type.value);
  if (meeting && found.instance !== null && found.instance.confidence >= 0.5) return none;
  const all = [
    ...texts.map((t) => t.text),
    event === null ? "" : `${event.title} ${event.description ?? ""}`,
  ];
  const matches = input.subjects(withSynonyms(all.join("\n"), input.lexicon));
  const sourceOf = (words: readonly string[]): FieldSource => {
    const folded = words.map((w) => foldChars(w));
    for (const t of texts) {
      const text = foldChars(t.text);
      if (folded.some((w) => text.includes(w))) return t.source;
    }
    return "content";
  };
  const read = actionFromSubjects(matches, sourceOf);
  // The minutes of an unnamed meeting about a fiche's subject: offered, not decided.
  if (meeting && read.action !== null)
    return { action: null, choices: [{ ...read.action, confidence: SUBJECT.choice }] };
  return read;
}

function preferenceFor(type: DocumentType | null): DatePreference {
  if (type === null) return "nearest";
  if (AGENDA_TYPES.has(type)) return "future";
  return REPORT_TYPES.has(type) ? "past" : "nearest";
}

/** "CR du COPIL" with no date: the COPIL of the plan's calendar just before (or after, for an agenda). */
function eventDate(
  instance: FieldGuess<InstanceRef> | null,
  hits: readonly Sourced<InstanceRef>[],
  input: ClassifyInput,
  today: string,
  prefer: DatePreference,
): FieldGuess<string> | null {
  if (instance === null) return null;
  const named = hits
    .map((h) => h.hit)
    .find((h): h is InstanceHit => h !== null && "event" in h && h.event !== null);
  const found =
    named?.event != null && instance.value.kind === "journee-ressources"
      ? { event: named.event, date: localDate(named.event.start, input.zone) }
      : eventNear(input.knowledge.events, instance.value.kind, today, input.zone, prefer);
  if (found === null) return null;
  const example = found.event.example ? " (exemple de démonstration)" : "";
  return {
    value: found.date,
    confidence: round(
      (found.event.example ? EXAMPLE_EVENT_DATE_CONFIDENCE : EVENT_DATE_CONFIDENCE) * instance.confidence,
    ),
    source: instance.source,
    reason: `date de « ${found.event.title} » au calendrier${example}`,
  };
}

function postedDate(today: string): FieldGuess<string> {
  return {
    value: today,
    confidence: POSTED_DATE_CONFIDENCE,
    source: "message",
    reason: "aucune date écrite : jour du dépôt",
  };
}

/** A journée ressources without a name takes the title of the plan's journée that day (± 45 days). */
function withEventName(
  instance: FieldGuess<InstanceRef> | null,
  date: string,
  input: ClassifyInput,
): FieldGuess<InstanceRef> | null {
  if (instance === null || instance.value.kind !== "journee-ressources" || instance.value.name !== null)
    return instance;
  const found = eventNear(input.knowledge.events, "journee-ressources", date, input.zone, "nearest");
  if (found === null) return instance;
  const name = found.event.title;
  return {
    ...instance,
    value: { kind: "journee-ressources", name, label: instanceLabel("journee-ressources", name) },
  };
}
