import { z } from "zod";
import type { Reply } from "../reply.ts";

/**
 * Numbered choices, written once for every platform: the last choices the bot offered in a
 * channel, so that « 2 » — typed, or as a 2️⃣ reaction on the message that offered them — runs the
 * second. Kept beside the messages that offered them, across restarts and replicas when the store
 * is the database (`src/store/prisma-choice-memory.ts`).
 */
export interface OfferedChoices {
  /** The platform's id of the message that offered them (null: it has none, e.g. the console). */
  messageRef: string | null;
  /** The commands behind the numbers, in order. */
  commands: string[];
  /** The thread the choices were offered in: the chosen command is answered there. */
  threadId?: string;
}

export const offeredChoicesSchema = z.object({
  messageRef: z.string().nullable(),
  commands: z.array(z.string()),
  threadId: z.string().optional(),
});

export interface ChoiceMemory {
  remember(platform: string, channelId: string, offered: OfferedChoices): Promise<void>;
  recall(platform: string, channelId: string): Promise<OfferedChoices | null>;
}

/** A memory for one process (the console, tests); the database one is for the running bot. */
export function inMemoryChoices(): ChoiceMemory {
  const kept = new Map<string, OfferedChoices>();
  return {
    remember: async (platform, channelId, offered) => void kept.set(`${platform}\n${channelId}`, offered),
    recall: async (platform, channelId) => kept.get(`${platform}\n${channelId}`) ?? null,
  };
}

/** The commands behind a reply's choices, in the order they are numbered everywhere. */
export function choicesOf(reply: Reply): string[] {
  return reply.blocks.flatMap((block) =>
    block.type === "choices" ? block.choices.map((choice) => choice.command) : [],
  );
}

/** The reactions a choice is answered with: 1️⃣ … 9️⃣, 🔟 (the keycaps of Unicode). */
export const NUMBER_REACTIONS = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"];

/** The number a reaction or a typed answer stands for (« 2️⃣ », « 2 »), null for anything else. */
export function numberOf(said: string): number | null {
  const key = said.trim().replace(/\uFE0F/g, "");
  const index = NUMBER_REACTIONS.findIndex((r) => r.replace(/\uFE0F/g, "") === key);
  if (index >= 0) return index + 1;
  return /^\d{1,2}$/.test(key) ? Number(key) : null;
}
