/**
 * The platform-neutral reply model. Every renderer (console text, Slack Block Kit, Matrix HTML +
 * plain body) renders each block type; nothing in a block is platform-specific markup.
 */
export type Block =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "list"; items: string[]; ordered?: boolean }
  | { type: "links"; links: { label: string; url: string }[] }
  /**
   * Choices the user can pick: a button on Slack, a numbered reply on Matrix and in the console.
   * `date`: a date picker where the platform has one (Slack); its command has `{date}`, replaced
   * by the date picked as JJ/MM/AAAA. Elsewhere the reply says in words how to give a date.
   */
  | {
      type: "choices";
      prompt: string;
      choices: { label: string; command: string }[];
      date?: { label: string; command: string };
    }
  /** Small print: the source of an answer, a hint. */
  | { type: "context"; text: string };

export interface Reply {
  blocks: Block[];
}

export const reply = (...blocks: Block[]): Reply => ({ blocks });
export const text = (t: string): Block => ({ type: "text", text: t });
export const heading = (t: string): Block => ({ type: "heading", text: t });
export const context = (t: string): Block => ({ type: "context", text: t });
export const list = (items: string[], ordered = false): Block => ({ type: "list", items, ordered });
export const links = (items: { label: string; url: string }[]): Block => ({ type: "links", links: items });
export const fields = (entries: [string, string | null | undefined][]): Block => ({
  type: "fields",
  fields: entries
    .filter((e): e is [string, string] => e[1] !== null && e[1] !== undefined && e[1] !== "")
    .map(([label, value]) => ({ label, value })),
});
