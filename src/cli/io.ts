/** Where the CLI writes: stdout carries `--json` output and nothing else; messages for people go to stderr. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * A command that cannot do what it was asked: `message` is the French sentence for people (stderr);
 * `code` is the stable identifier a program reads in `{"error": {"code", "message"}}` under `--json`.
 */
export class CliFailure extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: number;
  constructor(code: CliErrorCode, message: string, exitCode = 2) {
    super(message);
    this.name = "CliFailure";
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** The `error.code` values of `--json` output: a fixed contract, like the rest of the JSON. */
export type CliErrorCode =
  | "usage"
  | "invalid-option"
  | "invalid-date"
  | "unknown-command"
  | "unknown-territory"
  | "file-not-found"
  | "invalid-file-name"
  | "invalid-plan"
  | "configuration"
  | "failed";

/** `{"error": {"code", "message"}}`, the one object a `--json` command prints when it fails. */
export const jsonError = (code: CliErrorCode, message: string): string =>
  JSON.stringify({ error: { code, message } });
