import type { Block } from "./reply.ts";

export type ErrorCode =
  | "unknown_command"
  | "bad_arguments"
  | "unknown_territory"
  | "no_territory"
  | "unknown_action"
  | "bad_period"
  | "forbidden"
  | "not_found"
  | "internal";

/** Whether an error is the user's to fix (their input) or ours (a fault), per code. */
export const ERROR_IS_USER_FAULT: Record<ErrorCode, boolean> = {
  unknown_command: true,
  bad_arguments: true,
  unknown_territory: true,
  no_territory: true,
  unknown_action: true,
  bad_period: true,
  forbidden: true,
  not_found: true,
  internal: false,
};

/** An error with a French message for the user; `extra` adds blocks such as choices or suggestions. */
export class BotError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly extra: Block[];

  constructor(code: ErrorCode, userMessage: string, options: { extra?: Block[]; cause?: unknown } = {}) {
    super(`${code}: ${userMessage}`, { cause: options.cause });
    this.name = "BotError";
    this.code = code;
    this.userMessage = userMessage;
    this.extra = options.extra ?? [];
  }
}

/** The one place where anything thrown becomes a BotError; unknown errors become `internal`. */
export function asBotError(error: unknown): BotError {
  if (error instanceof BotError) return error;
  return new BotError(
    "internal",
    "Une erreur interne est survenue. Réessayez dans un instant ; si elle persiste, prévenez l'administrateur du bot.",
    {
      cause: error,
    },
  );
}
