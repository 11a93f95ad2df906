import { decodeHtmlEntities } from "./html-entities.ts";

/** Tags that end a paragraph or a list item: the text on either side belongs to different blocks. */
const BLOCK_TAGS = new Set([
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "tr",
  "td",
  "th",
  "table",
  "tbody",
  "thead",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "section",
  "article",
  "blockquote",
  "hr",
]);

const BLOCK_BREAK = "\u0000";

/**
 * Turns an échéancier cell into plain-text blocks: HTML tags removed (block tags such as <p> and <li>
 * separate blocks, inline tags such as <sup> vanish), entities decoded, "1^{er}" superscripts and
 * markdown "**" emphasis unwrapped, whitespace (including line breaks and no-break spaces) collapsed.
 * Blocks that end up empty are dropped.
 */
export function cleanText(raw: string): string[] {
  const withoutComments = raw.replace(/<!--[\s\S]*?-->/g, " ");
  const withoutTags = withoutComments.replace(/<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>/g, (_tag, name: string) =>
    BLOCK_TAGS.has(name.toLowerCase()) ? BLOCK_BREAK : "",
  );
  const decoded = decodeHtmlEntities(withoutTags)
    .replace(/\s*\^\{\s*([^{}]{0,6})\s*\}/g, "$1")
    .replace(/\*\*/g, "");
  return decoded
    .split(BLOCK_BREAK)
    .map((block) => block.replace(/[\s\u00a0\u202f\u2007\u200b]+/g, " ").trim())
    .filter((block) => block.length > 0);
}
