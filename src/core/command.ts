import type { z } from "zod";
import type { Person } from "../domain/knowledge.ts";
import type { Territory, TerritorySummary } from "../domain/model.ts";
import type { PlanRepository } from "../domain/plan-repository.ts";
import type { ReminderRepository } from "../domain/reminder-repository.ts";
import type { Filing } from "./filing-port.ts";
import type { IncomingFile } from "./incoming.ts";
import type { KnowledgeCache } from "./knowledge-cache.ts";
import type { Reply } from "./reply.ts";

export type Permission = "everyone" | "referent" | "coordinator";

export interface CommandContext {
  repo: PlanRepository;
  now: Date;
  /** The territory bound to the channel (or the only one); null when none is chosen yet. */
  territory: Territory | null;
  territories: TerritorySummary[];
  platform: string;
  channelId: string;
  userId: string;
  /** How commands are typed on this platform, for help texts: "/ctg" or "!ctg". */
  prefix: string;
  /** What this user may do: a command that does more with arguments checks it itself. */
  permissions: ReadonlySet<Permission>;
  /** The person of the plan this chat account belongs to, in this territory; null if unknown. */
  person: Person | null;
  /** Subscriptions, policies, milestones marked done or moved. */
  reminders: ReminderRepository;
  /** A territory's knowledge and search indexes (cached, shared with the questions). */
  knowledge: KnowledgeCache;
  /** The registry's help, for `aide`. */
  commands: readonly AnyCommand[];
  /** Files attached to the message (`ranger`). */
  files: readonly IncomingFile[];
  /** The platform's id of the message, recorded with what is filed from it. */
  messageId: string | null;
  /** Filing into the workspace; null when the app runs without one (some tests, `ask`). */
  filing: Filing | null;
  /**
   * Shows the progress of a long task as one message updated in place (the console rewrites one
   * line); absent where the platform cannot, and then nothing is shown until the answer.
   */
  progress?: ProgressReporter;
}

/** `start(label)` opens the progress message; `update` changes it; `done` removes or closes it. */
export type ProgressReporter = (label: string) => {
  update(done: number, total: number): void;
  done(): void;
};

export interface CommandSpec<A> {
  name: string;
  aliases: readonly string[];
  summary: string;
  usage: string;
  help: string;
  examples: readonly string[];
  /** Names given to the words after the command; the last one takes all remaining words. */
  positional: readonly string[];
  args: z.ZodType<A>;
  permission: Permission;
  run(args: A, ctx: CommandContext): Promise<Reply>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds commands of every argument type.
export type AnyCommand = CommandSpec<any>;

export const defineCommand = <A>(spec: CommandSpec<A>): CommandSpec<A> => spec;
