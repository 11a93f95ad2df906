import { NUMBER_REACTIONS } from "../../core/inbound/choices.ts";
import { ACTION_DATE } from "./block-kit.ts";
import type { ActionElement } from "./slack-payloads.ts";

/** The command behind a click: a button's value, a select's option, a date put in its template. */
export function chosenCommand(action: ActionElement): { command: string; label: string } | null {
  if (action.type === "button" && action.value !== undefined) {
    return { command: action.value, label: action.text?.text ?? action.value };
  }
  if (action.type === "static_select" && action.selected_option?.value !== undefined) {
    const value = action.selected_option.value;
    return { command: value, label: action.selected_option.text?.text ?? value };
  }
  if (action.type === "datepicker" && action.selected_date !== undefined) {
    const template = action.block_id?.startsWith(`${ACTION_DATE}|`)
      ? action.block_id.slice(ACTION_DATE.length + 1)
      : null;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(action.selected_date);
    if (template === null || m === null) return null;
    const date = `${m[3]}/${m[2]}/${m[1]}`;
    return { command: template.replace("{date}", date), label: date };
  }
  return null;
}

/** The text of a mention without the bot's `<@U…>` (and any leading punctuation). */
export function stripMention(said: string, botUserId: string | undefined): string {
  const mention = botUserId !== undefined ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g") : /^<@[^>]+>/;
  return said
    .replace(mention, " ")
    .replace(/^[\s,:]+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Slack names its emoji (`two`, `hourglass_flowing_sand`) where the core speaks Unicode: the
 * reactions the bot uses or reads, both ways.
 */
const SLACK_NAMES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "keycap_ten"];
const NAMED: ReadonlyMap<string, string> = new Map([
  ...NUMBER_REACTIONS.map((emoji, i): [string, string] => [emoji, SLACK_NAMES[i] ?? ""]),
  ["⏳", "hourglass_flowing_sand"],
]);

export const slackEmojiName = (emoji: string): string => NAMED.get(emoji) ?? emoji;

export function emojiOfSlackName(name: string): string {
  for (const [emoji, slack] of NAMED) if (slack === name) return emoji;
  return name;
}
