import { endOfLocalDay, inWindow, localAt, windowDates } from "../../domain/reminders/local-time.ts";
import { relativeDaysFr } from "../../domain/time/french-format.ts";
import { addDays, addMonths } from "../../domain/time/zoned.ts";
import { context, fields, heading, reply, text } from "../reply.ts";
import type { Draft, PlanContext } from "./draft.ts";
import { capitalize, dateFr, dayStep, shortDateFr, territorySourceFr } from "./wording.ts";

export const REFERENTS_RULE_KEY = "referents-mise-a-jour";

/** Before the convention ends, and before the last day to give notice (end minus `noticeMonths`). */
export function conventionDrafts(ctx: PlanContext): Draft[] {
  const t = ctx.knowledge.territory;
  if (t.conventionEnd === null) return [];
  const end = t.conventionEnd;
  const title = t.conventionTitle ? ` (« ${t.conventionTitle} »)` : "";
  const drafts: Draft[] = [];
  for (const days of ctx.policy.conventionEndDays) {
    const when = relativeDaysFr(days);
    const sentence = `Fin de la convention${title} ${when}, le ${dateFr(end)}. Pensez à en préparer le bilan et la suite avec les signataires.`;
    drafts.push(
      ...conventionDraft(ctx, `fin-${dayStep(days)}`, addDays(end, -days), end, sentence, {
        heading: `Fin de la convention ${when}`,
        source: t.source,
      }),
    );
  }
  if (t.noticeMonths === null) return drafts;
  const notice = addMonths(end, -t.noticeMonths);
  const rule = ctx.knowledge.rules.find((r) => r.key.includes("preavis"));
  for (const days of ctx.policy.conventionNoticeDays) {
    const when = relativeDaysFr(days);
    const sentence = `Date limite pour dénoncer la convention ${when}, le ${dateFr(notice)} (préavis de ${t.noticeMonths} mois avant sa fin, le ${shortDateFr(end)}).`;
    drafts.push(
      ...conventionDraft(ctx, `preavis-${dayStep(days)}`, addDays(notice, -days), notice, sentence, {
        heading: `Préavis de dénonciation : date limite ${when}`,
        source: rule?.source ?? t.source,
      }),
    );
  }
  return drafts;
}

function conventionDraft(
  ctx: PlanContext,
  step: string,
  date: string,
  subject: string,
  sentence: string,
  wording: { heading: string; source: string | null },
): Draft[] {
  const { policy, zone, knowledge } = ctx;
  const at = localAt(date, policy.hour, policy.minute, zone);
  if (!inWindow(at, ctx.window)) return [];
  const t = knowledge.territory;
  const source = territorySourceFr(t, wording.source);
  return [
    {
      kind: "convention",
      ref: t.slug,
      step,
      at,
      text: `${sentence} ${source}`,
      reply: reply(
        heading(`${capitalize(wording.heading)} — ${t.name}`),
        text(sentence),
        fields([
          ["Convention", t.conventionTitle],
          ["Fin", t.conventionEnd ? dateFr(t.conventionEnd) : null],
          ["Préavis", t.noticeMonths !== null ? `${t.noticeMonths} mois` : null],
        ]),
        context(source),
      ),
      subjectAt: endOfLocalDay(subject, zone),
      actionNumber: null,
    },
  ];
}

/** Once a year, when the territory's rules ask for it: time to update the list of référents. */
export function referentsDrafts(ctx: PlanContext): Draft[] {
  const { policy, zone, knowledge } = ctx;
  const rule = knowledge.rules.find((r) => r.key === REFERENTS_RULE_KEY);
  const on = policy.referentsUpdate;
  if (rule === undefined || on === null) return [];
  const monthDay = `-${String(on.month).padStart(2, "0")}-${String(on.day).padStart(2, "0")}`;
  const t = knowledge.territory;
  const source = territorySourceFr(t, rule.source);
  const sentence = `Mise à jour annuelle de la liste des référents CTG : « ${rule.text.trim()} » Merci de vérifier la liste et de signaler les changements.`;
  const drafts: Draft[] = [];
  for (const date of windowDates(ctx.window)) {
    if (!date.endsWith(monthDay)) continue;
    const at = localAt(date, policy.hour, policy.minute, zone);
    if (!inWindow(at, ctx.window)) continue;
    drafts.push({
      kind: "referents",
      ref: t.slug,
      step: date.slice(0, 4),
      at,
      text: `${sentence} ${source}`,
      reply: reply(
        heading(`Référents à mettre à jour — ${t.name}`),
        text(sentence),
        {
          type: "choices",
          prompt: "Voir la liste actuelle :",
          choices: [{ label: "Référents", command: "referents" }],
        },
        context(source),
      ),
      subjectAt: null,
      actionNumber: null,
    });
  }
  return drafts;
}
