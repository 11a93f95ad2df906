import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { documentName, loadKnowledge } from "../src/core/knowledge-context.ts";
import { durationFr } from "../src/core/present.ts";
import { type Block, context, fields, heading, list, reply, text } from "../src/core/reply.ts";
import type { Rule } from "../src/domain/knowledge.ts";
import type { Territory } from "../src/domain/model.ts";
import { formatDateFr } from "../src/domain/time/french-format.ts";
import { addMonths, localDate } from "../src/domain/time/zoned.ts";

const fmt = (d: string) => formatDateFr(d, { weekday: false });

function noticeLine(t: Territory, today: string, rule: Rule | undefined): string | null {
  if (t.noticeMonths === null) return null;
  const cited = rule?.source ? ` — ${rule.source}` : "";
  if (t.conventionEnd === null)
    return `${t.noticeMonths} mois avant la fin (sans date de fin, pas de date limite)${cited}`;
  const last = addMonths(t.conventionEnd, -t.noticeMonths);
  const past = last < today ? ", date passée" : "";
  return `${t.noticeMonths} mois avant la fin, soit au plus tard le ${fmt(last)}${past}${cited}`;
}

/** What the document does not say, said as such — never filled in. */
function missingFacts(t: Territory): string[] {
  const the = documentName(t.source).the;
  const missing: string[] = [];
  if (t.conventionStart === null && t.conventionEnd === null) {
    missing.push(`${the} ne donne ni date de début ni date de fin : la durée ne peut pas être calculée.`);
  } else if (t.conventionStart === null) {
    missing.push(`${the} ne donne pas de date de début : la durée ne peut pas être calculée.`);
  } else if (t.conventionEnd === null) {
    missing.push(`${the} ne donne pas de date de fin : la durée ne peut pas être calculée.`);
  }
  if (t.signedOn === null) missing.push(`${the} ne donne pas de date de signature.`);
  if (t.noticeMonths === null) missing.push(`${the} ne donne pas de préavis de dénonciation.`);
  if (t.signatories.length === 0) missing.push(`${the} ne liste pas les signataires.`);
  if (t.partners.length === 0) missing.push(`${the} ne liste pas les partenaires.`);
  return missing;
}

export const convention = defineCommand({
  name: "convention",
  aliases: ["charte"],
  summary: "la convention : parties, dates, durée et préavis",
  usage: "convention",
  help: "Présente la convention du territoire : intitulé, signataires et partenaires, dates de début, de fin et de signature, durée calculée, préavis de dénonciation avec la date limite. Ce que le document ne dit pas est signalé, jamais deviné.",
  examples: ["convention"],
  positional: [],
  args: z.object({}),
  permission: "everyone",
  async run(_args, ctx) {
    const { knowledge } = await loadKnowledge(ctx);
    const t = knowledge.territory;
    const today = localDate(ctx.now, t.timezone);
    const noticeRule = knowledge.rules.find((r) => r.key.includes("preavis"));
    const durationRules = knowledge.rules.filter((r) => r.key.startsWith("duree"));
    const blocks: Block[] = [
      heading(`Convention — ${t.name}`),
      fields([
        ["Intitulé", t.conventionTitle],
        ["Début", t.conventionStart ? fmt(t.conventionStart) : null],
        ["Fin", t.conventionEnd ? fmt(t.conventionEnd) : null],
        ["Signée le", t.signedOn ? fmt(t.signedOn) : null],
        [
          "Durée",
          t.conventionStart && t.conventionEnd ? durationFr(t.conventionStart, t.conventionEnd) : null,
        ],
        ["Préavis de dénonciation", noticeLine(t, today, noticeRule)],
      ]),
    ];
    for (const rule of durationRules) {
      const said = documentName(rule.source ?? t.source).the.toLowerCase();
      blocks.push(text(`Durée selon ${said} : « ${rule.text} »${rule.source ? ` (${rule.source})` : ""}.`));
    }
    if (t.signatories.length)
      blocks.push(text(`Signataires (${t.signatories.length}) :`), list(t.signatories));
    if (t.partners.length) blocks.push(text("Partenaires :"), list(t.partners));
    blocks.push(...missingFacts(t).map(text));
    blocks.push(context(`Source : ${t.source ?? t.name}.`));
    return reply(...blocks);
  },
});
