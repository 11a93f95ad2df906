import type { AuditLog, NewAuditEntry } from "../domain/audit.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

/** The row to insert for an entry (for `tx.auditEntry.create` inside an interactive transaction). */
export function auditEntryData(entry: NewAuditEntry, at: Date): Prisma.AuditEntryUncheckedCreateInput {
  return {
    at,
    territoryId: entry.territoryId,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: entry.details ?? {},
  };
}

/**
 * The audit log in the `audit_entry` table. `op()` gives the insert as a Prisma promise, to be
 * batched with the change it describes (`prisma.$transaction([change, audit.op(entry)])`): the
 * entry exists if and only if the change does.
 */
export class PrismaAuditLog implements AuditLog {
  readonly #prisma: PrismaClient;
  readonly #clock: () => Date;

  constructor(prisma: PrismaClient, clock: () => Date = () => new Date()) {
    this.#prisma = prisma;
    this.#clock = clock;
  }

  now(): Date {
    return this.#clock();
  }

  op(entry: NewAuditEntry) {
    return this.#prisma.auditEntry.create({
      data: auditEntryData(entry, this.#clock()),
      select: { id: true },
    });
  }

  async record(entry: NewAuditEntry): Promise<void> {
    await this.op(entry);
  }
}
