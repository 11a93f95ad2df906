import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

/**
 * What the core and the adapters log through: a subset of pino's logger, so the running bot
 * passes pino itself (src/ops/logger.ts) and a test passes a recorder. Messages are English
 * and short; the fields carry the facts. Never log a secret, a message's text or a document's
 * content: ids, names of commands, counts, sizes and durations only.
 */
export interface Log {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  child(bindings: object): Log;
}

const nothing = () => {};
export const silentLog: Log = {
  error: nothing,
  warn: nothing,
  info: nothing,
  debug: nothing,
  child: () => silentLog,
};

const scope = new AsyncLocalStorage<Log>();

/** The logger of the work in progress (a command, a reminder round, a filing), or silence. */
export function currentLog(): Log {
  return scope.getStore() ?? silentLog;
}

/** Runs `work` with `log` as `currentLog()` in everything it awaits. */
export function withLog<T>(log: Log, work: () => T): T {
  return scope.run(log, work);
}

/** A short random id that ties together the log lines of one piece of work (`cid`). */
export function correlationId(): string {
  return randomBytes(6).toString("hex");
}

/** An error as log fields: its class and message, never a request body. */
export function errorFields(error: unknown): { err: { type: string; message: string; stack?: string } } {
  if (error instanceof Error)
    return {
      err: {
        // The class, unless it says nothing more than the error's own name (a plain Error, or
        // an error built from an object literal, as some drivers do).
        type: ["Error", "Object", ""].includes(error.constructor.name) ? error.name : error.constructor.name,
        message: error.message,
        ...(error.stack ? { stack: error.stack } : {}),
      },
    };
  return { err: { type: typeof error, message: String(error) } };
}
