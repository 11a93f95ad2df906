import { dateToIso } from "../domain/time/zoned.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import {
  type PersonRecord,
  type PlanMention,
  planMentions,
  type Subject,
  subjectFilters,
} from "./personal-data.ts";

/** Everything the bot holds about a person (`ctg-bot personnes export`), as plain JSON. */
export interface PersonalDataExport {
  exportedAt: string;
  /** The plans' rows for the person, with roles and chat accounts. */
  persons: Omit<PersonRecord, "id" | "territoryId">[];
  /** Documents they posted: metadata only (the documents are in the CTG's workspace). */
  documents: {
    territory: string;
    id: string;
    path: string;
    originalName: string;
    type: string | null;
    action: string | null;
    date: string | null;
    size: number;
    status: string;
    filedBy: string;
    channel: string;
    filedAt: string;
    /** Words of the message, the file name and the title line kept to learn from corrections. */
    clues: string[];
  }[];
  filingCorrections: {
    territory: string;
    fileName: string;
    folder: string;
    createdBy: string;
    createdAt: string;
    words: string[];
  }[];
  subscriptions: {
    territory: string;
    channel: string;
    kinds: string[];
    pilots: boolean;
    createdBy: string | null;
    createdAt: string;
  }[];
  /** Reminders addressed to them directly (pilots' direct messages). */
  outbox: {
    territory: string;
    key: string;
    kind: string;
    dueAt: string;
    status: string;
    sentAt: string | null;
    text: string;
  }[];
  audit: {
    at: string;
    territory: string | null;
    actor: string;
    action: string;
    target: string;
    details: unknown;
  }[];
  /** Button clicks remembered for a week so that a platform's retry is not acted on twice. */
  chatEvents: { platform: string; key: string; seenAt: string }[];
  /** Numbered choices last offered in a Matrix room that name them. */
  matrixState: { key: string; updatedAt: string }[];
  /** Where the plans' free text names them (kept: the convention is a public document). */
  planMentions: PlanMention[];
}

const iso = (d: Date) => d.toISOString();

/** Reads what the bot holds about `subject`; changes nothing. */
export async function exportSubject(
  prisma: PrismaClient,
  subject: Subject,
  now: Date,
): Promise<PersonalDataExport> {
  const f = subjectFilters(subject);
  const territory = { select: { slug: true } } as const;
  const [documents, corrections, subscriptions, outbox, audit, chatEvents, matrixState, mentions] =
    await Promise.all([
      prisma.filedDocument.findMany({
        where: f.documents,
        include: { territory },
        orderBy: { createdAt: "asc" },
      }),
      prisma.filingCorrection.findMany({
        where: f.corrections,
        include: { territory },
        orderBy: { createdAt: "asc" },
      }),
      prisma.subscription.findMany({
        where: { OR: [f.subscriptionsCreated, f.direct] },
        include: { territory },
        orderBy: { createdAt: "asc" },
      }),
      prisma.outboxItem.findMany({ where: f.direct, include: { territory }, orderBy: { dueAt: "asc" } }),
      prisma.auditEntry.findMany({ where: f.audit, include: { territory }, orderBy: { at: "asc" } }),
      prisma.chatEventSeen.findMany({ where: f.chatEvents, orderBy: { seenAt: "asc" } }),
      prisma.schedulerState.findMany({ where: f.matrixState, orderBy: { key: "asc" } }),
      planMentions(prisma, subject),
    ]);
  return {
    exportedAt: iso(now),
    persons: subject.persons.map(({ id: _id, territoryId: _t, ...p }) => p),
    documents: documents.map((d) => ({
      territory: d.territory.slug,
      id: d.id,
      path: d.path,
      originalName: d.originalName,
      type: d.type,
      action: d.action,
      date: d.date ? dateToIso(d.date) : null,
      size: Number(d.size),
      status: d.status,
      filedBy: d.filedBy,
      channel: `${d.platform}:${d.channelId}`,
      filedAt: iso(d.createdAt),
      clues: d.clues,
    })),
    filingCorrections: corrections.map((c) => ({
      territory: c.territory.slug,
      fileName: c.fileName,
      folder: c.folder,
      createdBy: c.createdBy,
      createdAt: iso(c.createdAt),
      words: c.words,
    })),
    subscriptions: subscriptions.map((s) => ({
      territory: s.territory.slug,
      channel: `${s.platform}:${s.channelId}`,
      kinds: s.kinds,
      pilots: s.pilots,
      createdBy: s.createdBy,
      createdAt: iso(s.createdAt),
    })),
    outbox: outbox.map((o) => ({
      territory: o.territory.slug,
      key: o.key,
      kind: o.kind,
      dueAt: iso(o.dueAt),
      status: o.status,
      sentAt: o.sentAt ? iso(o.sentAt) : null,
      text: o.text,
    })),
    audit: audit.map((a) => ({
      at: iso(a.at),
      territory: a.territory?.slug ?? null,
      actor: a.actor,
      action: a.action,
      target: a.target,
      details: a.details,
    })),
    chatEvents: chatEvents.map((e) => ({ platform: e.platform, key: e.key, seenAt: iso(e.seenAt) })),
    matrixState: matrixState.map((s) => ({ key: s.key, updatedAt: iso(s.updatedAt) })),
    planMentions: mentions,
  };
}

/** Whether an export holds anything at all (an unknown chat id holds nothing). */
export function isEmptyExport(data: PersonalDataExport): boolean {
  return (
    data.persons.length +
      data.documents.length +
      data.filingCorrections.length +
      data.subscriptions.length +
      data.outbox.length +
      data.audit.length +
      data.chatEvents.length +
      data.matrixState.length ===
    0
  );
}
