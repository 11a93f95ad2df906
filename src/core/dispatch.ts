import type { Person } from "../domain/knowledge.ts";
import type { Territory } from "../domain/model.ts";
import type { PlanRepository } from "../domain/plan-repository.ts";
import type { ReminderRepository } from "../domain/reminder-repository.ts";
import { closest } from "../domain/text/similarity.ts";
import type { CommandContext, Permission } from "./command.ts";
import { asBotError, BotError, ERROR_IS_USER_FAULT } from "./errors.ts";
import type { Filing } from "./filing-port.ts";
import type { Incoming } from "./incoming.ts";
import type { KnowledgeCache } from "./knowledge-cache.ts";
import { parseArgs } from "./parse-args.ts";
import type { QuestionAnswerer } from "./questions.ts";
import type { Registry } from "./registry.ts";
import { context, type Reply, reply, text } from "./reply.ts";
import { tokenize } from "./tokenize.ts";

export type DispatchResult =
  | { status: "not-handled" }
  | { status: "ok"; reply: Reply; command: string }
  | { status: "user-error"; reply: Reply; code: string }
  | { status: "internal-error"; reply: Reply; error: unknown };

export interface DispatcherDeps {
  registry: Registry;
  repo: PlanRepository;
  clock: () => Date;
  /**
   * Who is writing and what they may do in a channel of `territorySlug` (null: none chosen); the
   * console user is the local operator and may do everything.
   */
  identify: (
    platform: string,
    userId: string,
    territorySlug: string | null,
  ) => Promise<{ permissions: ReadonlySet<Permission>; person: Person | null }>;
  prefixOf: (platform: string) => string;
  knowledge: KnowledgeCache;
  reminders: ReminderRepository;
  /** Free questions (a mention, a direct message, a console line without the prefix). */
  answerQuestion?: QuestionAnswerer;
  /** Filing of attached files; a file posted with a plain message is filed with it as indications. */
  filing?: Filing | null;
}

export function createDispatcher(deps: DispatcherDeps) {
  async function resolveTerritory(
    incoming: Incoming,
  ): Promise<{ territory: Territory | null; ctx: Pick<CommandContext, "territories"> }> {
    const territories = await deps.repo.listTerritories();
    const bound = await deps.repo.getChannelTerritory(incoming.platform, incoming.channelId);
    const slug = bound ?? (territories.length === 1 ? territories[0]?.slug : undefined);
    const territory = slug === undefined ? null : await deps.repo.getTerritory(slug);
    return { territory, ctx: { territories } };
  }

  return async function dispatch(received: Incoming): Promise<DispatchResult> {
    // A file posted with a plain message: the message says what the file is ("CR du COPIL d'hier").
    const incoming: Incoming =
      received.kind === "question" && (received.files?.length ?? 0) > 0
        ? { ...received, kind: "command", text: `ranger ${received.text}` }
        : received;
    if (incoming.kind === "question") {
      if (deps.answerQuestion === undefined) return { status: "not-handled" };
      try {
        const answer = await deps.answerQuestion(incoming);
        return { status: "ok", reply: answer.reply, command: "question" };
      } catch (thrown) {
        const error = asBotError(thrown);
        return {
          status: "internal-error",
          reply: reply(text(error.userMessage)),
          error: error.cause ?? error,
        };
      }
    }
    const prefix = deps.prefixOf(incoming.platform);
    try {
      const [word, ...words] = tokenize(incoming.text);
      const command = deps.registry.find(word ?? "aide");
      if (command === undefined) {
        const names = deps.registry.commands.map((c) => c.name);
        const near = closest(word ?? "", names, 2);
        throw new BotError(
          "unknown_command",
          `Je ne connais pas la commande « ${word} ».${near.length ? ` Vouliez-vous dire : ${near.map((n) => `${prefix} ${n}`).join(", ")} ?` : ""}`,
          { extra: [context(`Tapez « ${prefix} aide » pour la liste des commandes.`)] },
        );
      }
      const { territory, ctx } = await resolveTerritory(incoming);
      const { permissions: granted, person } = await deps.identify(
        incoming.platform,
        incoming.userId,
        territory?.slug ?? null,
      );
      if (!granted.has(command.permission)) {
        throw new BotError(
          "forbidden",
          `La commande « ${command.name} » est réservée ${command.permission === "coordinator" ? "aux coordinateurs" : "aux référents"} de la CTG.`,
        );
      }
      const args = parseArgs(command, words, prefix);
      const result = await command.run(args, {
        repo: deps.repo,
        now: deps.clock(),
        territory,
        territories: ctx.territories,
        platform: incoming.platform,
        channelId: incoming.channelId,
        userId: incoming.userId,
        prefix,
        permissions: granted,
        person,
        knowledge: deps.knowledge,
        reminders: deps.reminders,
        commands: deps.registry.commands,
        files: incoming.files ?? [],
        messageId: incoming.messageId ?? null,
        filing: deps.filing ?? null,
        ...(incoming.progress ? { progress: incoming.progress } : {}),
      });
      return { status: "ok", reply: result, command: command.name };
    } catch (thrown) {
      const error = asBotError(thrown);
      const rendered = reply(text(error.userMessage), ...error.extra);
      if (ERROR_IS_USER_FAULT[error.code]) return { status: "user-error", reply: rendered, code: error.code };
      return { status: "internal-error", reply: rendered, error: error.cause ?? error };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
