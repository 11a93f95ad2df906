import type { ProgressReporter } from "../command.ts";
import { progressDone, progressLine } from "../wording/chat.ts";

/**
 * Where a progress message lives: the adapter posts a line and replaces it (Slack `chat.update`,
 * Matrix `m.replace`, the console's rewritten line). The component below decides what it says
 * and when, once for every platform.
 */
export interface ProgressSurface {
  /** Posts the first line; the message's ref for `replace` (null: it could not be posted). */
  post(line: string): Promise<string | null>;
  replace(ref: string, line: string): Promise<void>;
}

export interface ProgressOptions {
  clock: () => Date;
  /** The message changes at most this often. */
  intervalMs: number;
  /** Below this size an upload is over before progress would help: nothing is shown. */
  minBytes: number;
  onError?: (error: unknown) => void;
}

/**
 * An upload's progress as one message: posted at the first update of a large enough file, replaced
 * at most every `intervalMs`, closed with « … : terminé. ». Failures of the surface never stop the
 * upload (they go to `onError`).
 */
export function progressMessage(surface: ProgressSurface, options: ProgressOptions): ProgressReporter {
  return (label) => {
    let posted: Promise<string | null> | null = null;
    let lastAt = Number.NEGATIVE_INFINITY;
    let finished = false;
    const safely = <T>(work: Promise<T>, fallback: T): Promise<T> =>
      work.catch((error: unknown) => {
        options.onError?.(error);
        return fallback;
      });
    const replace = (line: string) =>
      posted?.then((ref) => (ref === null ? undefined : safely(surface.replace(ref, line), undefined)));
    return {
      update(done, total) {
        if (finished || total < options.minBytes || total <= 0) return;
        const now = options.clock().getTime();
        if (now - lastAt < options.intervalMs) return;
        lastAt = now;
        const line = progressLine(label, done, total);
        if (posted === null) posted = safely(surface.post(line), null);
        else void replace(line);
      },
      done() {
        if (finished) return;
        finished = true;
        void replace(progressDone(label));
      },
    };
  };
}
