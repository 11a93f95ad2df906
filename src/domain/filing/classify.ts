import { formatDateFr } from "../time/french-format.ts";
import { localDate } from "../time/zoned.ts";
import { findAction } from "./action-ref.ts";
import { findCommune } from "./commune.ts";
import { similarCorrection } from "./corrections.ts";
import { findDocumentType, typeFromExtension } from "./doc-type.ts";
import { eventNear } from "./event-date.ts";
import { type DatePreference, findDate } from "./french-date.ts";
import type { Hit } from "./hit.ts";
import { findInstance, type InstanceHit, instanceLabel } from "./instance.ts";
import { DOCUMENT_TYPE_LABELS } from "./labels.ts";
import { decide, round, type Sourced } from "./precedence.ts";
import { quote, splitExtension } from "./tokens.ts";
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
const CONTENT_CHARS = { type: 400, instance: 400, action: 400, commune: 300, date: 600 };

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
      ...texts(CONTENT_CHARS.type).map((t) => ({
        source: t.source,
        hit: findDocumentType(t.text, t.source),
      })),
      { source: "filename", hit: typeFromExtension(extension) },
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
    hit: findInstance(t.text, knowledge),
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
  const meeting = type !== null && MEETING_TYPES.has(type.value) ? instance : null;
  const date = written ?? eventDate(meeting, instanceHits, input, today, prefer) ?? postedDate(today);
  return { type, instance: withEventName(instance, date.value, input), action, commune, date };
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
