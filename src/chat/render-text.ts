import type { Block, Reply } from "../core/reply.ts";
import { CHOOSE_BY_NUMBER } from "../core/wording/chat.ts";

export interface RenderedText {
  text: string;
  /** The commands behind numbered choices, in order: replying "2" runs the second. */
  choices: string[];
}

/** Plain-text rendering, used by the console and as the fallback body on other platforms. */
export function renderText(reply: Reply, prefix: string): RenderedText {
  const lines: string[] = [];
  const choices: string[] = [];
  for (const block of reply.blocks) lines.push(...renderBlock(block, choices, prefix));
  return { text: lines.join("\n"), choices };
}

function renderBlock(block: Block, choices: string[], prefix: string): string[] {
  switch (block.type) {
    case "heading":
      return [block.text, "─".repeat(Math.min(block.text.length, 80))];
    case "text":
      return [block.text];
    case "fields":
      return block.fields.map((f) => `${f.label} : ${f.value.replace(/\n/g, "\n    ")}`);
    case "list":
      return block.items.map((item, i) => `  ${block.ordered ? `${i + 1}.` : "•"} ${item}`);
    case "links":
      return block.links.map((l) => `  ${l.label} : ${l.url}`);
    case "choices":
      return [
        block.prompt,
        ...block.choices.map((c) => {
          choices.push(c.command);
          return `  [${choices.length}] ${c.label} (${prefix} ${c.command})`;
        }),
        CHOOSE_BY_NUMBER,
      ];
    case "context":
      return [`  ↳ ${block.text}`];
  }
}
