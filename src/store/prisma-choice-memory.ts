import { type ChoiceMemory, type OfferedChoices, offeredChoicesSchema } from "../core/inbound/choices.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

/**
 * The last choices offered in each channel, in the key/value table `scheduler_state` (keys
 * `choices:<platform>:<channel>`), so that « 2 » or 2️⃣ still works after a restart or on another
 * replica. Read back through its schema: a row that does not parse is as good as none.
 */
export class PrismaChoiceMemory implements ChoiceMemory {
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.#prisma = prisma;
  }

  async remember(platform: string, channelId: string, offered: OfferedChoices): Promise<void> {
    const key = `choices:${platform}:${channelId}`;
    const value = JSON.stringify(offered);
    await this.#prisma.schedulerState.upsert({ where: { key }, create: { key, value }, update: { value } });
  }

  async recall(platform: string, channelId: string): Promise<OfferedChoices | null> {
    const key = `choices:${platform}:${channelId}`;
    const row = await this.#prisma.schedulerState.findUnique({ where: { key } });
    if (row === null) return null;
    try {
      const parsed = offeredChoicesSchema.safeParse(JSON.parse(row.value));
      return parsed.success ? stripUndefined(parsed.data) : null;
    } catch {
      return null;
    }
  }
}

function stripUndefined(data: {
  messageRef: string | null;
  commands: string[];
  threadId?: string | undefined;
}): OfferedChoices {
  return {
    messageRef: data.messageRef,
    commands: data.commands,
    ...(data.threadId !== undefined ? { threadId: data.threadId } : {}),
  };
}
