import { createHash, randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { type Subject, subjectFilters } from "./personal-data.ts";
import { auditEntryData } from "./prisma-audit-log.ts";

/** What forgetting a person erases or pseudonymises (`ctg-bot personnes oublier`). */
export interface ForgetCounts {
  persons: number;
  roles: number;
  identities: number;
  /** Documents whose `filed_by` becomes the pseudonym (the documents stay in the workspace). */
  documents: number;
  corrections: number;
  /** Subscriptions of their direct messages, deleted. */
  subscriptionsDeleted: number;
  /** Channel subscriptions they set up: kept for the channel, `created_by` pseudonymised. */
  subscriptionsPseudonymised: number;
  /** Reminders to them not delivered (pending, cancelled, failed): deleted. */
  outboxDeleted: number;
  /** Reminders delivered to them: kept as a bare mark of delivery, addressed to the pseudonym. */
  outboxErased: number;
  audit: number;
  chatEvents: number;
  matrixState: number;
}

const UNDELIVERED = ["pending", "cancelled", "failed"] as const;
const DELIVERED = ["sent", "sending"] as const;
const EMPTY_REPLY = { blocks: [] };

/**
 * "oublié:<12 hex>": a SHA-256 of the person's ids with a random salt drawn for this one request,
 * so the same pseudonym replaces them everywhere, and nobody can recompute it from a known id.
 */
export function pseudonymFor(subject: Subject, salt: Buffer = randomBytes(16)): string {
  const ids = [
    ...subject.persons.map((p) => p.id),
    ...subject.accounts.map((a) => `${a.platform}:${a.externalId}`),
  ];
  const hash = createHash("sha256").update(salt).update(ids.sort().join("\n")).digest("hex");
  return `oublié:${hash.slice(0, 12)}`;
}

function filters(subject: Subject) {
  const f = subjectFilters(subject);
  const personIds = subject.persons.map((p) => p.id);
  return {
    ...f,
    personIds,
    subscriptionsToPseudonymise: { AND: [f.subscriptionsCreated, { NOT: f.direct }] },
    outboxUndelivered: { AND: [f.direct, { status: { in: [...UNDELIVERED] } }] },
    outboxDelivered: { AND: [f.direct, { status: { in: [...DELIVERED] } }] },
  };
}

type Db = PrismaClient | Prisma.TransactionClient;

async function count(db: Db, subject: Subject): Promise<ForgetCounts> {
  const f = filters(subject);
  const [persons, roles, identities, documents, corrections, subsDeleted, subsKept] = await Promise.all([
    db.person.count({ where: { id: { in: f.personIds } } }),
    db.personRole.count({ where: { personId: { in: f.personIds } } }),
    db.chatIdentity.count({ where: { personId: { in: f.personIds } } }),
    db.filedDocument.count({ where: f.documents }),
    db.filingCorrection.count({ where: f.corrections }),
    db.subscription.count({ where: f.direct }),
    db.subscription.count({ where: f.subscriptionsToPseudonymise }),
  ]);
  const [outboxDeleted, outboxErased, audit, chatEvents, matrixState] = await Promise.all([
    db.outboxItem.count({ where: f.outboxUndelivered }),
    db.outboxItem.count({ where: f.outboxDelivered }),
    db.auditEntry.count({ where: f.audit }),
    db.chatEventSeen.count({ where: f.chatEvents }),
    db.schedulerState.count({ where: f.matrixState }),
  ]);
  return {
    persons,
    roles,
    identities,
    documents,
    corrections,
    subscriptionsDeleted: subsDeleted,
    subscriptionsPseudonymised: subsKept,
    outboxDeleted,
    outboxErased,
    audit,
    chatEvents,
    matrixState,
  };
}

/** What `forgetSubject` would change, without changing anything. */
export function countForget(prisma: PrismaClient, subject: Subject): Promise<ForgetCounts> {
  return count(prisma, subject);
}

/**
 * Forgets a person, in one transaction: their rows in the plans (roles and chat accounts go with
 * them), their direct-message subscriptions and undelivered reminders, the remembered clicks and
 * Matrix choices that name them; their name in the records of what happened (`filed_by`,
 * `created_by`, the audit log's actor and target, the delivered reminders' address and text) is
 * replaced by one pseudonym. Documents stay in the workspace: they belong to the CTG. Records
 * "person.forgotten" (with the pseudonym only) and bumps the territories' version (caches reload).
 */
export async function forgetSubject(
  prisma: PrismaClient,
  subject: Subject,
  options: { now: Date; actor: string; pseudonym?: string },
): Promise<{ pseudonym: string; counts: ForgetCounts }> {
  const pseudonym = options.pseudonym ?? pseudonymFor(subject);
  const f = filters(subject);
  const territoryIds = [...new Set(subject.persons.map((p) => p.territoryId))];
  const counts = await prisma.$transaction(
    async (tx) => {
      const counts = await count(tx, subject);
      // The words kept from their messages go too (a name may be among them); the record stays.
      await tx.filedDocument.updateMany({ where: f.documents, data: { filedBy: pseudonym, clues: [] } });
      await tx.filingCorrection.updateMany({
        where: f.corrections,
        data: { createdBy: pseudonym, words: [] },
      });
      await tx.subscription.deleteMany({ where: f.direct });
      await tx.subscription.updateMany({
        where: f.subscriptionsToPseudonymise,
        data: { createdBy: pseudonym },
      });
      await tx.outboxItem.deleteMany({ where: f.outboxUndelivered });
      const delivered = await tx.outboxItem.findMany({
        where: f.outboxDelivered,
        select: { id: true, key: true, platform: true, channelId: true },
      });
      for (const o of delivered) {
        // The key ends with the address (`…:slack:U0123`): the mark of delivery stays, without them.
        const suffix = `:${o.platform}:${o.channelId}`;
        const key = o.key.endsWith(suffix)
          ? `${o.key.slice(0, -suffix.length)}:${o.platform}:${pseudonym}`
          : o.key;
        await tx.outboxItem.update({
          where: { id: o.id },
          data: { key, channelId: pseudonym, text: "", reply: EMPTY_REPLY, lastError: null },
        });
      }
      const refs = [...f.actorIds, ...subject.persons.map((p) => `${p.territory}/${p.key}`)];
      await tx.auditEntry.updateMany({ where: { actor: { in: f.actorIds } }, data: { actor: pseudonym } });
      await tx.auditEntry.updateMany({ where: { target: { in: refs } }, data: { target: pseudonym } });
      await tx.chatEventSeen.deleteMany({ where: f.chatEvents });
      await tx.schedulerState.deleteMany({ where: f.matrixState });
      await tx.person.deleteMany({ where: { id: { in: f.personIds } } });
      await tx.territory.updateMany({
        where: { id: { in: territoryIds } },
        data: { updatedAt: options.now },
      });
      const details = { ...counts };
      for (const territoryId of territoryIds.length > 0 ? territoryIds : [null]) {
        await tx.auditEntry.create({
          data: auditEntryData(
            { territoryId, actor: options.actor, action: "person.forgotten", target: pseudonym, details },
            options.now,
          ),
        });
      }
      return counts;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { pseudonym, counts };
}
