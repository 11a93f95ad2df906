/**
 * Which process runs a platform's sync loop (Matrix): the port the adapter uses; the store elects
 * one among several processes with a PostgreSQL advisory lock (`src/store/sync-leader.ts`).
 */
export interface LeaderCallbacks {
  /** Became the leader: start syncing. */
  lead(): Promise<void>;
  /** Lost the lead (connection gone): stop syncing. */
  stepDown(): Promise<void>;
  onError?(error: unknown): void;
}

export interface SyncLeader {
  readonly leading: boolean;
  /** One try (or health check) now, as the timer does every `retryMs`. */
  check(): Promise<void>;
  stop(): Promise<void>;
}

/** With the embedded database there is one process: it leads. */
export function alwaysLeader(callbacks: LeaderCallbacks): Promise<SyncLeader> {
  return callbacks.lead().then(() => ({
    leading: true,
    check: async () => {},
    stop: async () => {
      await callbacks.stepDown();
    },
  }));
}
