import type { Block, Reply } from "../../core/reply.ts";
import { blockKit } from "../../core/wording/chat.ts";
import { renderText } from "../render-text.ts";

/**
 * The reply model as Slack Block Kit, within Slack's documented limits: 50 blocks a message,
 * 3 000 characters a section, 10 fields of 2 000, 150 for a header, 10 context elements,
 * 25 elements an actions block, 75 characters a button or option label, 2 000 a button value,
 * 100 options a select. `text` is the plain-text fallback (notifications, screen readers).
 */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock = Record<string, unknown>;

/** action_id prefixes the adapter listens to; the value carries the command to run. */
export const ACTION_CHOICE = "ctg_choice";
export const ACTION_SELECT = "ctg_select";
export const ACTION_DATE = "ctg_date";
export const ACTION_SHARE = "ctg_share";

const MAX_BLOCKS = 50;
const SECTION_TEXT = 3000;
const FIELD_TEXT = 2000;
const HEADER_TEXT = 150;
const LABEL_TEXT = 75;
/** A button's value; an option's is 150. */
const VALUE_TEXT = 2000;
const FALLBACK_TEXT = 3000;
/** Up to this many choices are buttons; more go into a select (a row of buttons is unreadable). */
const MAX_BUTTONS = 5;
const SELECT_OPTIONS = 100;
const OPTION_VALUE = 150;
const ACTIONS_ELEMENTS = 25;

export interface RenderOptions {
  prefix: string;
  /** Adds a « Partager dans le canal » button that re-posts the answer of this command. */
  shareCommand?: string;
}

export function renderSlack(reply: Reply, options: RenderOptions): SlackMessage {
  const blocks: SlackBlock[] = [];
  let choice = 0;
  for (const block of reply.blocks) {
    for (const rendered of renderBlock(block, () => choice++)) blocks.push(rendered);
  }
  if (options.shareCommand !== undefined && Buffer.byteLength(options.shareCommand) <= VALUE_TEXT) {
    blocks.push({
      type: "actions",
      elements: [button(ACTION_SHARE, "Partager dans le canal", options.shareCommand)],
    });
  }
  return { text: fallback(reply, options.prefix), blocks: fitBlocks(blocks) };
}

function renderBlock(block: Block, nextChoice: () => number): SlackBlock[] {
  switch (block.type) {
    case "heading":
      return [{ type: "header", text: plain(cut(block.text, HEADER_TEXT)) }];
    case "text":
      return sections(escapeMrkdwn(block.text));
    case "fields":
      return fieldSections(block.fields);
    case "list":
      return sections(
        block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "•"} ${escapeMrkdwn(item)}`).join("\n"),
      );
    case "links":
      return sections(block.links.map((l) => `<${linkTarget(l.url)}|${escapeMrkdwn(l.label)}>`).join("\n"));
    case "context":
      return [{ type: "context", elements: [mrkdwn(cut(escapeMrkdwn(block.text), SECTION_TEXT))] }];
    case "choices":
      return choiceBlocks(block, nextChoice);
  }
}

function choiceBlocks(block: Extract<Block, { type: "choices" }>, nextChoice: () => number): SlackBlock[] {
  const out: SlackBlock[] = [];
  if (block.prompt !== "") out.push(...sections(escapeMrkdwn(block.prompt)));
  const buttons = block.choices.length <= MAX_BUTTONS;
  // A choice whose command does not fit in a value cannot be offered here (the text fallback and
  // the other platforms still show it).
  const usable = block.choices.filter((c) => c.command.length <= (buttons ? VALUE_TEXT : OPTION_VALUE));
  const elements: SlackBlock[] = [];
  if (buttons) {
    for (const c of usable) elements.push(button(`${ACTION_CHOICE}:${nextChoice()}`, c.label, c.command));
  } else {
    // More than a few: selects of at most 100 options each (several when needed).
    for (let start = 0; start < usable.length; start += SELECT_OPTIONS) {
      const part = usable.slice(start, start + SELECT_OPTIONS);
      elements.push({
        type: "static_select",
        action_id: `${ACTION_SELECT}:${nextChoice()}`,
        placeholder: plain(
          usable.length > SELECT_OPTIONS
            ? blockKit.choose(start + 1, start + part.length)
            : blockKit.chooseAll,
        ),
        options: part.map((c) => ({ text: plain(cut(c.label, LABEL_TEXT)), value: c.command })),
      });
    }
  }
  if (block.date !== undefined) {
    elements.push({
      type: "datepicker",
      action_id: `${ACTION_DATE}:${nextChoice()}`,
      placeholder: plain(cut(block.date.label, LABEL_TEXT)),
    });
  }
  for (let start = 0; start < elements.length; start += ACTIONS_ELEMENTS) {
    const part = elements.slice(start, start + ACTIONS_ELEMENTS);
    // The date picker's command travels in the block id (a datepicker has no value of its own).
    const blockId =
      block.date !== undefined && part.some((e) => e.type === "datepicker")
        ? `${ACTION_DATE}|${block.date.command}`
        : undefined;
    out.push({
      type: "actions",
      ...(blockId !== undefined && blockId.length <= 255 ? { block_id: blockId } : {}),
      elements: part,
    });
  }
  return out;
}

function fieldSections(fields: { label: string; value: string }[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let start = 0; start < fields.length; start += 10) {
    out.push({
      type: "section",
      fields: fields
        .slice(start, start + 10)
        .map((f) => mrkdwn(cut(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, FIELD_TEXT))),
    });
  }
  return out;
}

/** Text in sections of at most 3 000 characters, cut at line ends where possible. */
function sections(text: string): SlackBlock[] {
  const out: SlackBlock[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    let end = rest.length <= SECTION_TEXT ? rest.length : rest.lastIndexOf("\n", SECTION_TEXT);
    if (end <= 0) end = SECTION_TEXT;
    out.push({ type: "section", text: mrkdwn(rest.slice(0, end)) });
    rest = rest.slice(end).trimStart();
  }
  return out;
}

/** At most 50 blocks: the end is replaced by a note (the answers that long are paginated anyway). */
function fitBlocks(blocks: SlackBlock[]): SlackBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, MAX_BLOCKS - 1);
  kept.push({
    type: "context",
    elements: [mrkdwn(blockKit.truncated)],
  });
  return kept;
}

function button(actionId: string, label: string, value: string): SlackBlock {
  return { type: "button", action_id: actionId, text: plain(cut(label, LABEL_TEXT)), value };
}

function fallback(reply: Reply, prefix: string): string {
  return cut(renderText(reply, prefix).text, FALLBACK_TEXT);
}

const plain = (text: string) => ({ type: "plain_text", text: text === "" ? " " : text, emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text, verbatim: true });

/** Slack's mrkdwn control characters: `&`, `<`, `>` (documented as the only ones to escape). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A URL inside `<url|label>`: `|` and `>` would end it early. */
function linkTarget(url: string): string {
  return url.replace(/\|/g, "%7C").replace(/>/g, "%3E");
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
