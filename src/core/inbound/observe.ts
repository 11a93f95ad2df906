import type { Dispatch, DispatchResult } from "../dispatch.ts";
import { correlationId, errorFields, type Log, withLog } from "../log.ts";
import { context } from "../reply.ts";
import { incidentReference } from "../wording/chat.ts";

/** Where the figures of answered messages go (`src/ops/metrics.ts` implements it). */
export interface AnswerObserver {
  observeAnswer(kind: "command" | "question", result: DispatchResult, seconds: number): void;
}

/**
 * The logging and metrics step of the inbound pipeline: every message handled is counted, timed
 * and logged in one line under a correlation id that the lines of the work it causes (a filing)
 * carry too. The user's words are never logged, only the command's name. An internal error's
 * answer names the correlation id, for the user to quote to the administrator; the error is
 * logged here once (`wasLogged` tells the adapters' error reporting not to log it again).
 */
export function observe(
  dispatch: Dispatch,
  options: { log: Log; metrics?: AnswerObserver; commandOf: (word: string) => string | undefined },
): { dispatch: Dispatch; wasLogged: (error: unknown) => boolean } {
  const logged = new WeakSet<object>();
  const observed: Dispatch = async (incoming) => {
    const cid = correlationId();
    const scoped = options.log.child({ cid });
    const started = performance.now();
    const result = await withLog(scoped, () => dispatch(incoming));
    const seconds = (performance.now() - started) / 1000;
    options.metrics?.observeAnswer(incoming.kind, result, seconds);
    const [word] = incoming.text.trim().split(/\s+/, 1);
    // A file with a caption arrives as a question and runs as « ranger »: name what ran.
    const kind =
      result.status === "ok" ? (result.command === "question" ? "question" : "command") : incoming.kind;
    const line = {
      event: kind,
      platform: incoming.platform,
      channel: incoming.channelId,
      user: incoming.userId,
      command:
        result.status === "ok"
          ? result.command
          : incoming.kind === "command"
            ? (options.commandOf(word ?? "") ?? "?")
            : "question",
      outcome: result.status,
      ...(result.status === "user-error" ? { code: result.code } : {}),
      files: incoming.files?.length ?? 0,
      ms: Math.round(seconds * 1000),
    };
    if (result.status !== "internal-error") {
      scoped.info(line, `${kind} handled`);
      return result;
    }
    scoped.error({ ...line, ...errorFields(result.error) }, `${kind} failed`);
    if (typeof result.error === "object" && result.error !== null) logged.add(result.error);
    return {
      ...result,
      reply: { blocks: [...result.reply.blocks, context(incidentReference(cid))] },
    };
  };
  return {
    dispatch: observed,
    wasLogged: (error) => typeof error === "object" && error !== null && logged.has(error),
  };
}
