/**
 * Block Kit elements (buttons, selects, date pickers, option lists, images, confirm dialogs) with
 * the limits of Slack's reference; `action_id` must be unique in its block.
 */
import { type Check, isObject, type Json } from "./block-check.ts";

const SELECTS = [
  "static_select",
  "external_select",
  "users_select",
  "conversations_select",
  "channels_select",
  "multi_static_select",
  "multi_external_select",
  "multi_users_select",
  "multi_conversations_select",
  "multi_channels_select",
];

export const INTERACTIVE = new Set([
  "button",
  ...SELECTS,
  "datepicker",
  "timepicker",
  "datetimepicker",
  "overflow",
  "checkboxes",
  "radio_buttons",
  "workflow_button",
  "rich_text_input",
  "plain_text_input",
  "email_text_input",
  "url_text_input",
  "number_input",
  "file_input",
]);

export function checkImage(check: Check, image: Json, pointer: string): void {
  if (image.image_url === undefined && image.slack_file === undefined) {
    check.fail(pointer, "must provide either image_url or slack_file");
  }
  check.string(image.image_url, `${pointer}/image_url`, 3000);
  check.string(image.alt_text, `${pointer}/alt_text`, 2000, true);
}

export function checkElement(
  check: Check,
  element: unknown,
  pointer: string,
  allowed: ReadonlySet<string>,
  actionIds: Set<string>,
): void {
  if (!check.object(element, pointer)) return;
  if (typeof element.type !== "string" || !allowed.has(element.type)) {
    check.fail(`${pointer}/type`, `unsupported element type here: ${String(element.type)}`);
    return;
  }
  if (element.type === "image") {
    checkImage(check, element, pointer);
    return;
  }
  if (check.string(element.action_id, `${pointer}/action_id`, 255)) {
    if (actionIds.has(element.action_id))
      check.fail(`${pointer}/action_id`, "action_id must be unique in the block");
    actionIds.add(element.action_id);
  }
  if (element.confirm !== undefined) checkConfirm(check, element.confirm, `${pointer}/confirm`);
  check.text(element.placeholder, `${pointer}/placeholder`, 150, true, false);
  switch (element.type) {
    case "button":
      check.text(element.text, `${pointer}/text`, 75, true);
      check.string(element.value, `${pointer}/value`, 2000);
      check.string(element.url, `${pointer}/url`, 3000);
      check.string(element.accessibility_label, `${pointer}/accessibility_label`, 75);
      if (element.style !== undefined && element.style !== "primary" && element.style !== "danger") {
        check.fail(`${pointer}/style`, "must be a valid enum value");
      }
      return;
    case "datepicker":
      if (element.initial_date !== undefined && !isIsoDate(element.initial_date)) {
        check.fail(`${pointer}/initial_date`, "must be a valid date in YYYY-MM-DD format");
      }
      return;
    case "overflow":
    case "checkboxes":
    case "radio_buttons":
      checkOptions(check, element.options, `${pointer}/options`, element.type === "overflow");
      return;
    default:
      if (element.type === "static_select" || element.type === "multi_static_select") {
        checkStaticSelect(check, element, pointer);
      }
  }
}

function checkStaticSelect(check: Check, select: Json, pointer: string): void {
  const hasOptions = select.options !== undefined;
  if (hasOptions === (select.option_groups !== undefined)) {
    check.fail(pointer, "must provide exactly one of options or option_groups");
  }
  const values: unknown[] = [];
  if (hasOptions) values.push(...checkOptions(check, select.options, `${pointer}/options`, true, 100));
  if (check.array(select.option_groups, `${pointer}/option_groups`, 100, false)) {
    select.option_groups.forEach((group, i) => {
      const at = `${pointer}/option_groups/${i}`;
      if (!check.object(group, at)) return;
      check.text(group.label, `${at}/label`, 75, true);
      values.push(...checkOptions(check, group.options, `${at}/options`, true, 100));
    });
  }
  if (isObject(select.initial_option) && !values.includes(select.initial_option.value)) {
    check.fail(`${pointer}/initial_option`, "must match one of the options");
  }
}

/** Checks options (text ≤ 75, value ≤ 150) and answers their values. */
function checkOptions(
  check: Check,
  options: unknown,
  pointer: string,
  plainOnly: boolean,
  max = 10,
): unknown[] {
  if (!check.array(options, pointer, max)) return [];
  return options.map((option, i) => {
    const at = `${pointer}/${i}`;
    if (!check.object(option, at)) return undefined;
    check.text(option.text, `${at}/text`, 75, plainOnly);
    check.string(option.value, `${at}/value`, 150);
    check.text(option.description, `${at}/description`, 75, true, false);
    return option.value;
  });
}

function checkConfirm(check: Check, confirm: unknown, pointer: string): void {
  if (!check.object(confirm, pointer)) return;
  check.text(confirm.title, `${pointer}/title`, 100, true);
  check.text(confirm.text, `${pointer}/text`, 300, false);
  check.text(confirm.confirm, `${pointer}/confirm`, 30, true);
  check.text(confirm.deny, `${pointer}/deny`, 30, true);
}

function isIsoDate(value: unknown): boolean {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
