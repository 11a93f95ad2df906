/** What a Web API method handler gets and throws, and reading its arguments as Slack does. */
import type { FileStore } from "./files.ts";
import type { MessageStore } from "./message-store.ts";
import type { Workspace } from "./workspace.ts";

/** `{ ok: false, error, ...extra }`, answered with HTTP 200 like every Slack method error. */
export class ApiError extends Error {
  readonly error: string;
  readonly extra: Record<string, unknown>;
  constructor(error: string, extra: Record<string, unknown> = {}) {
    super(error);
    this.error = error;
    this.extra = extra;
  }
}

export interface MethodContext {
  args: Record<string, unknown>;
  workspace: Workspace;
  store: MessageStore;
  files: FileStore;
}

/** The method's answer without `ok` (added in front by the dispatcher). */
export type MethodHandler = (ctx: MethodContext) => Record<string, unknown>;

/** A string argument (numbers and booleans as Slack would read them from a form), or undefined. */
export function stringArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new ApiError("invalid_arguments");
}

/** `true`, `"true"` and `"1"` are true; absent is `fallback`. */
export function boolArg(args: Record<string, unknown>, name: string, fallback = false): boolean {
  const value = args[name];
  if (value === undefined || value === null || value === "") return fallback;
  return value === true || value === "true" || value === "1" || value === 1;
}

export function intArg(args: Record<string, unknown>, name: string): number | undefined {
  const value = stringArg(args, name);
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new ApiError("invalid_arguments");
  return number;
}

/** The channel argument resolved to a known conversation id, else `channel_not_found`. */
export function channelArg(ctx: MethodContext): string {
  const channel = ctx.workspace.resolveChannel(stringArg(ctx.args, "channel") ?? "");
  if (channel === null) throw new ApiError("channel_not_found");
  return channel;
}
