import { WorkspaceError } from "../workspace.ts";
import type { Sleep } from "./options.ts";

export interface RetryPolicy {
  sleep: Sleep;
  /** Retry-After longer than this is surfaced to the caller, not waited for here. */
  maxRetryAfterMs: number;
  maxRetries: number;
}

/**
 * Runs `attempt`, and again after the server's Retry-After when it answered 429/503 with a short
 * one. Nothing else is retried here: `auth` never is (Nextcloud's brute-force protection must not
 * see a loop), and `unavailable` goes back to the caller, which spools the file.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let retries = 0; ; retries += 1) {
    try {
      return await attempt(retries + 1);
    } catch (error) {
      if (
        !(error instanceof WorkspaceError) ||
        error.code !== "rate-limited" ||
        error.retryAfterMs === null ||
        error.retryAfterMs > policy.maxRetryAfterMs ||
        retries >= policy.maxRetries
      ) {
        throw error;
      }
      await policy.sleep(error.retryAfterMs, signal);
    }
  }
}
