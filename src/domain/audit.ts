/**
 * The audit log's port: who filed, moved or changed what. The store writes it (next to the change,
 * in the same transaction where there is one); the domain and the services only see this interface.
 */

export const AUDIT_ACTIONS = [
  /** A posted document reached its folder. */
  "document.filed",
  /** A posted document waits in "A classer/" for someone to choose its folder. */
  "document.parked",
  /** A posted document waits in the spool (workspace unavailable), or was refused by it for good. */
  "document.spooled",
  /** A spooled document reached the workspace later (actor "bot"). */
  "document.placed",
  "document.moved",
  "filing.defaults",
  "milestone.done",
  "milestone.postponed",
  "subscription.created",
  "subscription.pilots",
  "subscription.removed",
  "reminders.policy",
  "channel.bound",
  "plan.imported",
  "person.exported",
  "person.forgotten",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Small, flat facts: ids, paths, dates, counts — never a document's content nor a secret. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export interface AuditEntry {
  at: Date;
  /** Null for changes that concern no territory (or once the territory was deleted). */
  territoryId: string | null;
  /** `actorOf(platform, userId)`, "cli", "bot", or a pseudonym once the person was forgotten. */
  actor: string;
  action: AuditAction;
  /** What was changed: a document's path, "action 11 / jalon 11@2023-01-01", a channel, a slug. */
  target: string;
  details: AuditDetails;
}

export type NewAuditEntry = Omit<AuditEntry, "at" | "details"> & { details?: AuditDetails };

export interface AuditLog {
  record(entry: NewAuditEntry): Promise<void>;
}

/** The actor of a chat user: "slack:U0123", "matrix:@alice:example.org", "console:operateur". */
export const actorOf = (platform: string, userId: string): string => `${platform}:${userId}`;

/** The operator at the command line (`ctg-bot import`, `ctg-bot personnes …`). */
export const CLI_ACTOR = "cli";
/** The bot itself (a spooled document placed by the retry loop). */
export const BOT_ACTOR = "bot";
/** A change made through a path that did not say who asked for it. */
export const UNKNOWN_ACTOR = "unknown";
