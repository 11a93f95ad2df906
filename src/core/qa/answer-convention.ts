import { context, fields, heading, reply, text } from "../../chat/reply.ts";
import type { Territory } from "../../domain/model.ts";
import { formatDateFr } from "../../domain/time/french-format.ts";
import { addMonths } from "../../domain/time/zoned.ts";
import { dontKnow } from "./dont-know.ts";
import type { QaInput } from "./qa-input.ts";
import { compactRefs, eventRef, territoryRef } from "./refs.ts";
import type { Answer } from "./types.ts";

const day = (iso: string | null) => (iso === null ? null : formatDateFr(iso, { weekday: false }));

/** The convention itself: parties, dates, duration, notice. Missing facts are said missing. */
/** The one fact a question asks about the convention, when it asks only one. */
function askedFacet(text: string): { label: string; missing: (t: Territory) => boolean } | null {
  if (/ (fin|finit|termine|terminer|expire|expiration) /.test(text)) {
    return { label: "de date de fin", missing: (t) => t.conventionEnd === null };
  }
  if (/ (debut|commence|demarre) /.test(text))
    return { label: "de date de début", missing: (t) => t.conventionStart === null };
  if (/ (preavis|prevenance|resiliation|denonciation|denoncer) /.test(text)) {
    return { label: "de délai de préavis", missing: (t) => t.noticeMonths === null };
  }
  if (/ (dure|duree) /.test(text)) {
    return { label: "de durée", missing: (t) => t.conventionStart === null || t.conventionEnd === null };
  }
  if (/ (signee|signe|signature) /.test(text))
    return { label: "de date de signature", missing: (t) => t.signedOn === null };
  return null;
}

function duration(start: string | null, end: string | null): string | null {
  if (start === null || end === null) return null;
  const [sy, sm] = start.split("-").map(Number);
  const [ey, em] = end.split("-").map(Number);
  const months = ((ey ?? 0) - (sy ?? 0)) * 12 + ((em ?? 0) - (sm ?? 0)) + 1;
  return months % 12 === 0 ? `${months / 12} ans` : `${Math.floor(months / 12)} ans et ${months % 12} mois`;
}

export function answerConvention(input: QaInput): Answer {
  const t = input.index.knowledge.territory;
  const facet = askedFacet(input.q.text);
  const signatures = input.index.knowledge.events.filter((e) => e.kind === "signature");
  if (facet?.missing(t)) {
    return dontKnow(
      input,
      "convention",
      `Le document de ${t.name} ne donne pas ${facet.label} de la convention.`,
    );
  }
  const missing: string[] = [];
  if (t.conventionStart === null) missing.push("de date de début");
  if (t.conventionEnd === null) missing.push("de date de fin");
  const notice =
    t.noticeMonths !== null && t.conventionEnd !== null
      ? `${t.noticeMonths} mois, soit au plus tard le ${day(addMonths(t.conventionEnd, -t.noticeMonths))}`
      : t.noticeMonths !== null
        ? `${t.noticeMonths} mois`
        : null;
  return {
    intent: "convention",
    refs: compactRefs([territoryRef(t.slug), ...signatures.map((e) => eventRef(e, t.timezone))]),
    reply: reply(
      heading(t.conventionTitle ?? `Convention de ${t.name}`),
      fields([
        ["Début", day(t.conventionStart)],
        ["Fin", day(t.conventionEnd)],
        ["Signée le", day(t.signedOn)],
        ["Durée", duration(t.conventionStart, t.conventionEnd)],
        ["Préavis", notice],
        [
          "Signataires",
          t.signatories.length > 6
            ? `${t.signatories.slice(0, 6).join(" ; ")} … (${t.signatories.length} en tout)`
            : t.signatories.join(" ; "),
        ],
      ]),
      ...(missing.length ? [text(`Le document ne donne pas ${missing.join(" ni ")}.`)] : []),
      context(`Source : ${t.source ?? t.name}.`),
    ),
  };
}
