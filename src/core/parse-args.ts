import type { AnyCommand } from "./command.ts";
import { BotError } from "./errors.ts";
import { context } from "./reply.ts";

/** Maps the words after a command onto its positional names and validates them with its zod schema. */
export function parseArgs(command: AnyCommand, words: string[], prefix: string): unknown {
  const input: Record<string, string> = {};
  command.positional.forEach((name, i) => {
    const isLast = i === command.positional.length - 1;
    const value = isLast ? words.slice(i).join(" ") : words[i];
    if (value !== undefined && value !== "") input[name] = value;
  });
  if (command.positional.length === 0 && words.length > 0) {
    throw new BotError("bad_arguments", `La commande « ${command.name} » ne prend pas d'argument.`, {
      extra: [context(`Usage : ${prefix} ${command.usage}`)],
    });
  }
  const parsed = command.args.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join(" ");
    throw new BotError("bad_arguments", message, { extra: [context(`Usage : ${prefix} ${command.usage}`)] });
  }
  return parsed.data;
}
