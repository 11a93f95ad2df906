/**
 * What a chat adapter has already handled: a platform's retry or double delivery (Slack resends an
 * event it thinks was not acknowledged; Matrix may sync an event twice) must not run an action
 * twice, across restarts and across replicas.
 */
export interface EventLedger {
  /** True the first time `key` is seen on `platform`, false ever after (for a week at least). */
  firstTime(platform: string, key: string): Promise<boolean>;
}
