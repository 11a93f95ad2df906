import type { Dispatch, DispatchResult } from "../dispatch.ts";
import type { IncomingFile, UnavailableFile } from "../incoming.ts";
import { type Reply, reply, text } from "../reply.ts";
import { ENCRYPTED_ROOM, rateLimited, threadFiling } from "../wording/chat.ts";
import { type ChoiceMemory, choicesOf, numberOf } from "./choices.ts";
import type { EventLedger } from "./event-ledger.ts";
import { type ProgressSurface, progressMessage } from "./progress.ts";
import { type RateLimiter, rateLimiter } from "./rate-limit.ts";
import { readMessage } from "./read-message.ts";

/** A file of a message: one the platform hands over, or one it only shows (and why). */
export type InboundFile = IncomingFile | UnavailableFile;

/** The first message of a thread (« ranger » in a thread files its files). */
export interface ThreadStart {
  text: string;
  files: InboundFile[];
}

/**
 * What an adapter hands to the core, whatever the platform: parsed and validated from the
 * platform's payload, with no rule applied yet (issue 18). The pipeline below decides whether it
 * is for the bot, what it asks, and answers it through the adapter's `Responder`.
 */
export interface Inbound {
  platform: string;
  channelId: string;
  userId: string;
  /** The platform's id of this message or event. */
  messageId?: string;
  /** The thread the message was posted in. */
  threadId?: string;
  receivedAt: Date;
  /**
   * The platform's id of this delivery, recorded before it is acted on: a retry or a double
   * delivery carries the same and is dropped. Null: the platform never delivers twice.
   */
  eventKey: string | null;
  event:
    | {
        type: "message";
        /** What was said, the mention of the bot removed. */
        text: string;
        /** The bot was mentioned. */
        mentioned: boolean;
        /** A direct chat with the bot (asked only when it matters: it may cost a request). */
        direct?: () => Promise<boolean>;
        files?: InboundFile[];
        /** The thread's first message, fetched only for « ranger » in a thread. */
        threadStart?: () => Promise<ThreadStart | null>;
      }
    /** A slash command, or a click on a choice: the text is the command, without its prefix. */
    | { type: "command"; text: string }
    /** A reaction (« 2️⃣ ») to a message of the bot (`on`). */
    | { type: "reaction"; key: string; on: string }
    /** An event the bot cannot read (an encrypted room): said once per channel. */
    | { type: "unreadable" };
}

/** Where the answers to one inbound go: the adapter renders and sends them. */
export interface Responder {
  /**
   * Sends an answer where the inbound came from (its thread; privately for a slash command); the
   * ref of the message posted, null when it has none. `shareable`: the command that gave this
   * answer, when it can be shared in the channel. `threadId`: answer in this thread instead.
   */
  send(answer: Reply, options?: { shareable?: string; threadId?: string }): Promise<string | null>;
  /** Where an upload's progress is shown; none: no progress. */
  progress?: ProgressSurface;
  /** Reacts to the inbound message itself (« ⏳ »: not read). */
  react?(key: string): Promise<void>;
}

export interface InboundDeps {
  dispatch: Dispatch;
  ledger: EventLedger;
  choices: ChoiceMemory;
  /** Whether a channel is bound to a territory: files are filed only there and in direct chats. */
  isBound(platform: string, channelId: string): Promise<boolean>;
  /** The command a word names (a name or an alias), undefined when none. */
  commandOf(word: string): string | undefined;
  /** The prefixes that make a message a command on a platform (« !ctg », « /ctg »). */
  prefixesOf(platform: string): readonly string[];
  clock: () => Date;
  progress?: { intervalMs?: number; minBytes?: number };
  /**
   * Messages one person may send in a minute on a platform before the bot waits; null: no limit
   * (the console's operator).
   */
  perMinute?: (platform: string) => number | null;
  onInternalError?: (error: unknown) => void;
}

/** One thing to do for an inbound: a command or a question, with at most one file; or a word to say. */
type Task =
  | {
      kind: "command" | "question";
      text: string;
      file?: InboundFile;
      /** Where to answer, when not the inbound's own thread (a choice offered in a thread). */
      threadId?: string;
    }
  | { kind: "say"; answer: Reply };

interface Turn {
  inbound: Inbound;
  responder: Responder;
  tasks: Task[];
}

type Step = (turn: Turn, next: () => Promise<void>) => Promise<void>;

export interface InboundPipeline {
  /** Handles one inbound end to end; resolves when its answers are sent. */
  handle(inbound: Inbound, responder: Responder): Promise<void>;
  /** A message the bot started (a reminder, a filing notice) was posted: its choices are remembered. */
  sent(platform: string, channelId: string, message: Reply, messageRef: string | null): Promise<void>;
}

const FILING_COMMAND = "ranger";
/** The reaction on a message the bot did not read (its sender is over the rate limit). */
export const NOT_READ = "⏳";

/**
 * The one path of every chat message, written once for every platform: understand (prefix,
 * mention, command word, numbered or reaction choice, files and the filing policy, « ranger » in a
 * thread), dedupe (the event ledger), rate limit, then dispatch and answer — the choices of an
 * answer remembered for « 2 » and 2️⃣. Logging and metrics wrap `dispatch` (`observe.ts`).
 */
export function createInboundPipeline(deps: InboundDeps): InboundPipeline {
  const perMinute = deps.perMinute ?? (() => 30);
  const steps: Step[] = [understand(deps), dedupe(deps.ledger), limit(perMinute, deps.clock), run(deps)];

  async function remember(
    platform: string,
    channelId: string,
    answer: Reply,
    ref: string | null,
    threadId?: string,
  ) {
    const commands = choicesOf(answer);
    if (commands.length === 0 || ref === null) return;
    await deps.choices.remember(platform, channelId, {
      messageRef: ref,
      commands,
      ...(threadId !== undefined ? { threadId } : {}),
    });
  }

  return {
    async handle(inbound, responder) {
      const turn: Turn = { inbound, responder, tasks: [] };
      const at = async (index: number): Promise<void> => {
        const step = steps[index];
        if (step !== undefined) await step(turn, () => at(index + 1));
      };
      await at(0);
    },
    sent: (platform, channelId, message, ref) => remember(platform, channelId, message, ref),
  };

  function run(d: InboundDeps): Step {
    return async ({ inbound, responder, tasks }) => {
      for (const task of tasks) {
        if (task.kind === "say") {
          await responder.send(task.answer);
          continue;
        }
        const threadOption = task.threadId !== undefined ? { threadId: task.threadId } : {};
        if (task.file !== undefined && "unavailable" in task.file) {
          await responder.send(reply(text(threadFiling.cannotFile(task.file.name, task.file.unavailable))));
          continue;
        }
        const result: DispatchResult = await d.dispatch({
          kind: task.kind,
          text: task.text,
          platform: inbound.platform,
          channelId: inbound.channelId,
          userId: inbound.userId,
          ...(inbound.threadId !== undefined ? { threadId: inbound.threadId } : {}),
          ...(inbound.messageId !== undefined ? { messageId: inbound.messageId } : {}),
          ...(task.file !== undefined ? { files: [task.file] } : {}),
          ...(task.file !== undefined && responder.progress !== undefined
            ? {
                progress: progressMessage(responder.progress, {
                  clock: d.clock,
                  intervalMs: d.progress?.intervalMs ?? 2000,
                  minBytes: d.progress?.minBytes ?? 1024 * 1024,
                  ...(d.onInternalError ? { onError: d.onInternalError } : {}),
                }),
              }
            : {}),
          receivedAt: inbound.receivedAt,
        });
        if (result.status === "not-handled") continue;
        if (result.status === "internal-error") d.onInternalError?.(result.error);
        const ref = await responder.send(result.reply, {
          ...(result.status === "ok" && task.kind === "command" ? { shareable: task.text } : {}),
          ...threadOption,
        });
        await remember(
          inbound.platform,
          inbound.channelId,
          result.reply,
          ref,
          task.threadId ?? inbound.threadId,
        );
      }
    };
  }
}

/** Decides what an inbound asks; stops here when it is not for the bot. */
function understand(deps: InboundDeps): Step {
  return async (turn, next) => {
    const { inbound } = turn;
    const event = inbound.event;
    if (event.type === "unreadable") {
      turn.tasks.push({ kind: "say", answer: reply(...ENCRYPTED_ROOM.map((line) => text(line))) });
      return next();
    }
    if (event.type === "command") {
      turn.tasks.push({ kind: "command", text: event.text.trim() });
      return next();
    }
    if (event.type === "reaction") {
      const offered = await deps.choices.recall(inbound.platform, inbound.channelId);
      const number = numberOf(event.key);
      const chosen = number === null ? undefined : offered?.commands[number - 1];
      if (offered === null || offered.messageRef !== event.on || chosen === undefined) return;
      turn.tasks.push({
        kind: "command",
        text: chosen,
        ...(offered.threadId !== undefined ? { threadId: offered.threadId } : {}),
      });
      return next();
    }
    const files = event.files ?? [];
    const direct = async () => (event.direct === undefined ? false : event.direct());
    if (files.length > 0) {
      // Files are filed where the channel says which territory they belong to, or in a direct chat.
      if (!(await deps.isBound(inbound.platform, inbound.channelId)) && !(await direct())) return;
      for (const file of files) turn.tasks.push({ kind: "question", text: event.text.trim(), file });
      return next();
    }
    const said = event.text.trim();
    const choices =
      numberOf(said) !== null
        ? ((await deps.choices.recall(inbound.platform, inbound.channelId))?.commands ?? [])
        : [];
    const read = readMessage(said, {
      prefixes: deps.prefixesOf(inbound.platform),
      isCommandWord: (word) => deps.commandOf(word) !== undefined,
      choices,
      addressed: event.mentioned || (await direct()),
    });
    if (read === null) return;
    const [word = ""] = read.text.split(/\s+/, 1);
    if (
      read.kind === "command" &&
      deps.commandOf(word.toLowerCase()) === FILING_COMMAND &&
      inbound.threadId !== undefined &&
      event.threadStart !== undefined
    ) {
      // « ranger » in a thread: the files of the thread's first message, with what is said here.
      const start = await event.threadStart();
      if (start === null || start.files.length === 0) {
        turn.tasks.push({ kind: "say", answer: reply(text(threadFiling.noFile)) });
        return next();
      }
      const indications = read.text.slice(word.length).trim() || start.text;
      for (const file of start.files) turn.tasks.push({ kind: "question", text: indications, file });
      return next();
    }
    turn.tasks.push(read);
    return next();
  };
}

/** A platform's retry or double delivery is acted on once (the ledger outlives restarts). */
function dedupe(ledger: EventLedger): Step {
  return async ({ inbound }, next) => {
    if (inbound.event.type === "unreadable") {
      // Said once per channel, whatever the event.
      if (await ledger.firstTime(inbound.platform, `unreadable:${inbound.channelId}`)) await next();
      return;
    }
    if (inbound.eventKey !== null && !(await ledger.firstTime(inbound.platform, inbound.eventKey))) return;
    await next();
  };
}

/** One person sending faster than anyone types is told once, then waits. */
function limit(perMinute: (platform: string) => number | null, clock: () => Date): Step {
  const limiters = new Map<string, RateLimiter>();
  return async ({ inbound, responder }, next) => {
    const allowed = perMinute(inbound.platform);
    if (allowed === null) return next();
    let limiter = limiters.get(inbound.platform);
    if (limiter === undefined) {
      limiter = rateLimiter({ perMinute: allowed, clock });
      limiters.set(inbound.platform, limiter);
    }
    const verdict = limiter.take(inbound.userId);
    if (verdict === "ok") return next();
    // Not read: the sender sees it on the message, and may send it again later.
    await responder.react?.(NOT_READ);
    if (verdict === "first-refusal") await responder.send(reply(text(rateLimited)));
  };
}
