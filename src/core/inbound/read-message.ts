/**
 * How a chat message is read, written once for every platform (issue 18): the command prefix of
 * each platform, a numbered answer to the last choices, and « a message addressed to the bot that
 * starts with a command word is a command » (« @ctg aide », « aide » in a direct chat).
 */

/** The command prefix of each platform, as users type it and as answers show it. */
export const COMMAND_PREFIX: Readonly<Record<string, string>> = {
  console: "/ctg",
  slack: "/ctg",
  matrix: "!ctg",
};

/** A platform's prefix (« /ctg » when it has none of its own). */
export const prefixOf = (platform: string): string => COMMAND_PREFIX[platform] ?? "/ctg";

/**
 * The prefixes understood on a platform. The console is a direct chat with the operator, who may
 * type either platform's habit.
 */
export const prefixesOf = (platform: string): readonly string[] =>
  platform === "console"
    ? [COMMAND_PREFIX.console ?? "/ctg", COMMAND_PREFIX.matrix ?? "!ctg"]
    : [prefixOf(platform)];

export interface MessageRules {
  /** Prefixes that make the rest of the message a command (case ignored): « !ctg », « /ctg ». */
  prefixes: readonly string[];
  /** Whether a word names a command or one of its aliases (the registry knows). */
  isCommandWord(word: string): boolean;
  /** The commands of the last numbered choices in this channel: « 2 » runs the second. */
  choices?: readonly string[];
  /**
   * The message is for the bot: a mention (already removed from `text`), a direct chat, the
   * console. Otherwise only a prefixed command or a numbered answer is read.
   */
  addressed: boolean;
}

/** A command (without its prefix), a question, or null when the message is not for the bot. */
export function readMessage(
  text: string,
  rules: MessageRules,
): { kind: "command" | "question"; text: string } | null {
  const said = text.trim();
  if (said === "") return null;
  const lower = said.toLowerCase();
  for (const prefix of rules.prefixes) {
    const p = prefix.toLowerCase();
    if (lower === p || lower.startsWith(`${p} `) || lower.startsWith(`${p}\n`)) {
      return { kind: "command", text: said.slice(prefix.length).trim() };
    }
  }
  if (/^\d{1,2}$/.test(said)) {
    const chosen = rules.choices?.[Number(said) - 1];
    if (chosen !== undefined) return { kind: "command", text: chosen };
  }
  if (!rules.addressed) return null;
  const [word = ""] = said.split(/\s+/);
  return { kind: rules.isCommandWord(word.toLowerCase()) ? "command" : "question", text: said };
}
