import type { IFilterInfo, IStorageProvider } from "matrix-bot-sdk";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client.ts";

/**
 * matrix-bot-sdk's storage (sync token, filter, the SDK's own values) in our database rather than
 * a JSON file next to the code: the key/value table `scheduler_state`, keys prefixed `matrix:` and
 * the bot's user id, so that a second account on the same database keeps its own.
 */
/** The SDK's filter record: the id the homeserver gave and the filter sent. */
const filterInfoSchema = z.object({ id: z.union([z.string(), z.number()]), filter: z.unknown() }).loose();

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const TOKEN_WRITE_EVERY_MS = 1000;

export class PrismaMatrixStorage implements IStorageProvider {
  readonly #prisma: PrismaClient;
  readonly #prefix: string;
  #pendingToken: { value: string | null } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(prisma: PrismaClient, userKey: string) {
    this.#prisma = prisma;
    this.#prefix = `matrix:${userKey}:`;
  }

  /**
   * The sync token changes at every /sync (twice per question answered): it is written at most
   * once a second, and at `flush` (the adapter's stop). After a crash the homeserver sends again
   * what followed the last token written; the event ledger and the adapter's start time make
   * sure none of it is acted on twice.
   */
  async setSyncToken(token: string | null): Promise<void> {
    this.#pendingToken = { value: token };
    if (this.#timer === null) {
      this.#timer = setTimeout(() => void this.flush().catch(() => {}), TOKEN_WRITE_EVERY_MS);
      this.#timer.unref();
    }
  }

  async getSyncToken(): Promise<string | null> {
    if (this.#pendingToken !== null) return this.#pendingToken.value;
    return this.#read("sync_token");
  }

  /** Writes the latest sync token now (at shutdown). */
  async flush(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const pending = this.#pendingToken;
    this.#pendingToken = null;
    if (pending !== null) await this.#write("sync_token", pending.value);
  }

  async setFilter(filter: IFilterInfo): Promise<void> {
    await this.#write("filter", JSON.stringify(filter));
  }

  async getFilter(): Promise<IFilterInfo> {
    const raw = await this.#read("filter");
    // The SDK tests the result for truthiness: no filter stored (or none readable) is `null`.
    const parsed = raw === null ? null : filterInfoSchema.safeParse(safeJson(raw));
    return (parsed?.success ? parsed.data : null) as IFilterInfo;
  }

  async storeValue(key: string, value: string): Promise<void> {
    await this.#write(`value:${key}`, value);
  }

  async readValue(key: string): Promise<string | null> {
    return this.#read(`value:${key}`);
  }

  async #read(key: string): Promise<string | null> {
    const row = await this.#prisma.schedulerState.findUnique({ where: { key: this.#prefix + key } });
    return row?.value ?? null;
  }

  async #write(key: string, value: string | null): Promise<void> {
    const full = this.#prefix + key;
    if (value === null) {
      await this.#prisma.schedulerState.deleteMany({ where: { key: full } });
      return;
    }
    await this.#prisma.schedulerState.upsert({
      where: { key: full },
      create: { key: full, value },
      update: { value },
    });
  }
}
