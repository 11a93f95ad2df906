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

export class PrismaMatrixStorage implements IStorageProvider {
  readonly #prisma: PrismaClient;
  readonly #prefix: string;

  constructor(prisma: PrismaClient, userKey: string) {
    this.#prisma = prisma;
    this.#prefix = `matrix:${userKey}:`;
  }

  async setSyncToken(token: string | null): Promise<void> {
    await this.#write("sync_token", token);
  }

  async getSyncToken(): Promise<string | null> {
    return this.#read("sync_token");
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
