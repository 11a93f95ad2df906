import { parseArgs } from "node:util";
import { createApp } from "../app.ts";
import { renderText } from "../chat/render-text.ts";
import { loadConfig } from "../config/config.ts";
import { isCalendarDate, localToInstant } from "../domain/time/zoned.ts";
import { CliFailure, type CliIo } from "./io.ts";
import { territoryOption } from "./territory-option.ts";

/**
 * `ctg-bot ask "QUESTION" --territoire SLUG [--now YYYY-MM-DD] --json` prints
 * `{"intent", "refs": [{"type", "id"}], "text"}`; refs best first, empty when the bot does not know.
 */
export async function askCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      territoire: { type: "string" },
      now: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const question = positionals.join(" ").trim();
  if (question === "") {
    throw new CliFailure(
      "usage",
      'Posez une question, par exemple : npx ctg-bot ask "qui pilote l\'action 2 ?" --territoire agen --json',
    );
  }
  if (values.now !== undefined && !isCalendarDate(values.now)) {
    throw new CliFailure(
      "invalid-date",
      `--now attend une date qui existe au format AAAA-MM-JJ, pas « ${values.now} ».`,
    );
  }
  const config = loadConfig(process.env);
  // A date alone means that day at noon in Paris, so "aujourd'hui" is the same day in every zone nearby.
  const now =
    values.now === undefined ? new Date() : localToInstant(`${values.now}T12:00`, config.DEFAULT_TIMEZONE);
  const app = await createApp(config, { clock: () => now });
  try {
    if (values.territoire !== undefined) await territoryOption(app, values.territoire);
    const answer = await app.answerQuestion(
      { text: question, platform: "cli", channelId: "cli" },
      values.territoire,
    );
    const rendered = renderText(answer.reply, "/ctg").text;
    if (values.json) io.out(JSON.stringify({ intent: answer.intent, refs: answer.refs, text: rendered }));
    else io.out(rendered);
    return 0;
  } finally {
    await app.close();
  }
}
