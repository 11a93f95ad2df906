import type { PGlite, Transaction } from "@electric-sql/pglite";

/**
 * Operational tables whose writes never change what the plan's reads return: the event ledger,
 * the outbox, the scheduler's state, the audit log, filed documents and their corrections,
 * reminder subscriptions. Every other write — or a statement we cannot read — changes the plan.
 */
const UNRELATED_TABLES: ReadonlySet<string> = new Set([
  "chat_event_seen",
  "outbox_item",
  "scheduler_state",
  "audit_entry",
  "filed_document",
  "filing_correction",
  "subscription",
]);

/** Reads, and the statements that frame a transaction: they change nothing by themselves. */
const READ = /^\s*(?:SELECT|SHOW|SET|BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const WRITE_TARGET = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:"?public"?\s*\.\s*)?"?([A-Za-z_]+)"?/i;

/**
 * Counts the writes that may change the plan, on the embedded database: it has one process, so
 * every write goes through this client and a counter tells a cache whether what it holds is still
 * what the database says (`PrismaPlanRepository`'s hot reads). PostgreSQL has other writers (other
 * replicas, the command line): no counter there.
 */
export class WriteWatch {
  #generation = 0;

  get generation(): number {
    return this.#generation;
  }

  /** Notes a statement about to run. */
  note(sql: string): void {
    if (READ.test(sql)) return;
    const table = WRITE_TARGET.exec(sql)?.[1]?.toLowerCase();
    if (table !== undefined && UNRELATED_TABLES.has(table)) return;
    this.#generation += 1;
  }
}

/** `target` with its `query` and `exec` noting each statement first; `more` for other properties. */
function noting<T extends object>(
  target: T,
  watch: WriteWatch,
  more: (property: string | symbol) => unknown = () => undefined,
): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === "query" || property === "exec") {
        return (sql: string, ...rest: unknown[]) => {
          watch.note(sql);
          return (value as (...a: unknown[]) => unknown).call(object, sql, ...rest);
        };
      }
      const other = more(property);
      if (other !== undefined) return other;
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/** The PGlite client Prisma's adapter uses, each statement noted before it runs (transactions too). */
export function watchedClient(client: PGlite, watch: WriteWatch): PGlite {
  return noting(client, watch, (property) =>
    property === "transaction"
      ? (callback: (tx: Transaction) => Promise<unknown>) =>
          client.transaction((tx) => callback(noting(tx, watch)))
      : undefined,
  );
}
