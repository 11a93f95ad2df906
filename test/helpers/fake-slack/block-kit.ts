/**
 * Block Kit validation for messages, with the limits of Slack's reference
 * (https://docs.slack.dev/reference/block-kit): ≤ 50 blocks; `block_id` ≤ 255 and unique;
 * section text ≤ 3000, fields ≤ 10 of ≤ 2000; header plain_text ≤ 150; context ≤ 10 elements;
 * actions ≤ 25 elements; button text plain_text ≤ 75, value ≤ 2000, url ≤ 3000; `action_id`
 * ≤ 255 and unique in its block (the reference says block, not message); static_select ≤ 100
 * options or option groups, option text ≤ 75 and value ≤ 150; datepicker `initial_date`
 * YYYY-MM-DD; text objects `plain_text`|`mrkdwn` of 1 to 3000 characters; markdown blocks
 * ≤ 12 000 characters together. Unknown block types are refused.
 *
 * The answer is the list Slack puts in `errors` — `"<message> [json-pointer:/blocks/0/text/text]"` —
 * empty when the blocks are valid. The wording follows Slack's schema errors, not word for word.
 */
import { Check, isObject } from "./block-check.ts";
import { checkElement, checkImage, INTERACTIVE } from "./block-elements.ts";

/** Blocks a message may hold: the types of @slack/types' KnownBlock. */
const MESSAGE_BLOCKS = new Set([
  "actions",
  "alert",
  "card",
  "carousel",
  "container",
  "context",
  "context_actions",
  "data_table",
  "divider",
  "file",
  "header",
  "image",
  "input",
  "markdown",
  "rich_text",
  "section",
  "table",
  "task_card",
  "plan",
  "video",
]);

/** The errors of a message's `blocks` (an array: anything else is `invalid_blocks_format`). */
export function blockErrors(blocks: unknown[]): string[] {
  const check = new Check();
  if (blocks.length > 50) check.fail("/blocks", "no more than 50 items allowed");
  for (const [index, block] of blocks.entries()) checkBlock(check, block, `/blocks/${index}`);
  if (check.markdownChars > 12_000)
    check.fail("/blocks", "markdown blocks must be less than 12001 characters together");
  return check.errors;
}

function checkBlock(check: Check, block: unknown, pointer: string): void {
  if (!check.object(block, pointer)) return;
  if (typeof block.type !== "string" || !MESSAGE_BLOCKS.has(block.type)) {
    check.fail(`${pointer}/type`, `unsupported block type: ${String(block.type)}`);
    return;
  }
  if (check.string(block.block_id, `${pointer}/block_id`, 255)) {
    if (check.blockIds.has(block.block_id))
      check.fail(`${pointer}/block_id`, "block_id must be unique in the message");
    check.blockIds.add(block.block_id);
  }
  const actionIds = new Set<string>();
  const element = (value: unknown, at: string, allowed: ReadonlySet<string>) =>
    checkElement(check, value, at, allowed, actionIds);
  switch (block.type) {
    case "section": {
      if (block.text === undefined && block.fields === undefined) {
        check.fail(pointer, "must provide either text or fields");
      }
      check.text(block.text, `${pointer}/text`, 3000, false, false);
      if (check.array(block.fields, `${pointer}/fields`, 10, false)) {
        for (const [i, field] of block.fields.entries())
          check.text(field, `${pointer}/fields/${i}`, 2000, false);
      }
      if (block.accessory !== undefined) {
        element(block.accessory, `${pointer}/accessory`, new Set([...INTERACTIVE, "image"]));
      }
      return;
    }
    case "header":
      check.text(block.text, `${pointer}/text`, 150, true);
      return;
    case "context":
      if (check.array(block.elements, `${pointer}/elements`, 10)) {
        block.elements.forEach((item, i) => {
          const at = `${pointer}/elements/${i}`;
          if (isObject(item) && item.type === "image") checkImage(check, item, at);
          else check.text(item, at, 3000, false);
        });
      }
      return;
    case "actions":
      if (check.array(block.elements, `${pointer}/elements`, 25)) {
        for (const [i, item] of block.elements.entries())
          element(item, `${pointer}/elements/${i}`, INTERACTIVE);
      }
      return;
    case "image":
      checkImage(check, block, pointer);
      check.text(block.title, `${pointer}/title`, 2000, true, false);
      return;
    case "markdown":
      if (check.string(block.text, `${pointer}/text`, 12_000, true)) check.markdownChars += block.text.length;
      return;
    case "rich_text":
      check.array(block.elements, `${pointer}/elements`, Number.POSITIVE_INFINITY, true, 0);
      return;
    case "input":
      check.text(block.label, `${pointer}/label`, 2000, true);
      element(block.element, `${pointer}/element`, INTERACTIVE);
      return;
    default:
      return;
  }
}
