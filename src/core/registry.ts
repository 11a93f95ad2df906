import { normalizeText } from "../domain/text/normalize.ts";
import type { AnyCommand } from "./command.ts";

export interface Registry {
  commands: readonly AnyCommand[];
  find(word: string): AnyCommand | undefined;
}

/** Builds dispatch from the command modules; a name or alias used twice stops start-up. */
export function createRegistry(commands: readonly AnyCommand[]): Registry {
  const byName = new Map<string, AnyCommand>();
  for (const command of commands) {
    for (const name of [command.name, ...command.aliases]) {
      const key = normalizeText(name);
      const previous = byName.get(key);
      if (previous !== undefined && previous !== command) {
        throw new Error(`Duplicate command name "${name}" (${previous.name} and ${command.name}).`);
      }
      byName.set(key, command);
    }
  }
  return { commands, find: (word) => byName.get(normalizeText(word)) };
}
