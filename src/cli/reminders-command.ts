import { parseArgs } from "node:util";
import { createApp } from "../app.ts";
import { renderText } from "../chat/render-text.ts";
import { loadConfig } from "../config/config.ts";
import { formatOccurrenceForPreview, planReminders } from "../core/reminders/plan-reminders.ts";
import { REMINDER_KINDS, type SubscriptionView } from "../domain/reminders/types.ts";
import { ofName } from "../domain/text/french-names.ts";
import { addDays, isCalendarDate, localToInstant } from "../domain/time/zoned.ts";
import { groupOverdue } from "../scheduler/reminder-scheduler.ts";
import { CliFailure, type CliIo } from "./io.ts";
import { territoryOption } from "./territory-option.ts";

/**
 * `ctg-bot rappels --territoire SLUG --du YYYY-MM-DD --au YYYY-MM-DD --dry-run --json`: what would
 * be sent in that window (both days included, territory time), without sending anything.
 */
export async function remindersCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      territoire: { type: "string" },
      du: { type: "string" },
      au: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if (!values["dry-run"]) {
    throw new CliFailure(
      "usage",
      "Seul l'aperçu est disponible ici (--dry-run) : les rappels sont envoyés par le bot en marche (npm start).",
    );
  }
  if (values.territoire === undefined || values.du === undefined || values.au === undefined) {
    throw new CliFailure(
      "usage",
      "Usage : ctg-bot rappels --territoire SLUG --du AAAA-MM-JJ --au AAAA-MM-JJ --dry-run [--json]",
    );
  }
  for (const [name, value] of [
    ["--du", values.du],
    ["--au", values.au],
  ] as const) {
    if (!isCalendarDate(value)) {
      throw new CliFailure(
        "invalid-date",
        `${name} attend une date qui existe au format AAAA-MM-JJ, pas « ${value} ».`,
      );
    }
  }
  if (values.au < values.du) {
    throw new CliFailure("invalid-date", `--au (${values.au}) précède --du (${values.du}).`);
  }
  const config = loadConfig(process.env);
  const app = await createApp(config, { clock: () => new Date() });
  try {
    const territory = await territoryOption(app, values.territoire);
    const knowledge = await app.repo.getKnowledge(territory.slug);
    if (knowledge === null) return 2;
    let subscriptions: SubscriptionView[] = await app.reminders.subscriptionsOf(territory.id);
    if (subscriptions.length === 0) {
      io.err(
        `Aucun canal n'est abonné aux rappels ${ofName(territory)} : aperçu pour un canal abonné à tout (« apercu:${territory.slug} »).`,
      );
      subscriptions = [
        { platform: "apercu", channelId: territory.slug, kinds: [...REMINDER_KINDS], pilots: false },
      ];
    }
    const occurrences = groupOverdue(
      planReminders({
        knowledge,
        subscriptions,
        policy: await app.reminders.policyOf(territory.slug),
        from: localToInstant(values.du, territory.timezone),
        to: localToInstant(addDays(values.au, 1), territory.timezone),
        postponed: await app.reminders.postponedMilestones(territory.id),
      }),
      territory.slug,
      territory.timezone,
    );
    if (values.json) {
      io.out(JSON.stringify(occurrences.map((o) => formatOccurrenceForPreview(o, territory.timezone))));
    } else {
      for (const o of occurrences) {
        const p = formatOccurrenceForPreview(o, territory.timezone);
        io.out(`${p.at} ${p.channel} [${p.kind}] ${renderText(o.reply, "/ctg").text.split("\n")[0]}`);
      }
      io.err(`${occurrences.length} rappel(s) du ${values.du} au ${values.au}.`);
    }
    return 0;
  } finally {
    await app.close();
  }
}
