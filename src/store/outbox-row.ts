import { z } from "zod";
import type { Block, Reply } from "../core/reply.ts";
import type { ClaimedItem } from "../scheduler/outbox.ts";

const blockSchema: z.ZodType<Block> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("heading"), text: z.string() }),
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({
    type: z.literal("fields"),
    fields: z.array(z.object({ label: z.string(), value: z.string() })),
  }),
  z.object({ type: z.literal("list"), items: z.array(z.string()), ordered: z.boolean().optional() }),
  z.object({ type: z.literal("links"), links: z.array(z.object({ label: z.string(), url: z.string() })) }),
  z.object({
    type: z.literal("choices"),
    prompt: z.string(),
    choices: z.array(z.object({ label: z.string(), command: z.string() })),
    date: z.object({ label: z.string(), command: z.string() }).optional(),
  }),
  z.object({ type: z.literal("context"), text: z.string() }),
]);

export const replySchema: z.ZodType<Reply> = z.object({ blocks: z.array(blockSchema) });

/** A row of the claim statement's RETURNING list (snake_case, as the database names it). */
const claimedRowSchema = z.object({
  id: z.string(),
  key: z.string(),
  territory_id: z.string(),
  platform: z.string(),
  channel_id: z.string(),
  kind: z.string(),
  ref: z.string(),
  due_at: z.coerce.date(),
  text: z.string(),
  reply: replySchema,
  attempts: z.coerce.number().int(),
  claimed_until: z.coerce.date(),
  previous_status: z.string(),
});

/** Column list the claim statement returns, matching `claimedRowSchema` (with `previous_status`). */
export const CLAIMED_COLUMNS =
  "id, key, territory_id, platform, channel_id, kind, ref, due_at, text, reply, attempts, claimed_until";

/** Raw rows are validated here, once, then trusted. */
export function parseClaimedRows(rows: unknown): ClaimedItem[] {
  const parsed = z.array(claimedRowSchema).parse(rows);
  return parsed
    .map((r) => ({
      id: r.id,
      key: r.key,
      territoryId: r.territory_id,
      platform: r.platform,
      channelId: r.channel_id,
      kind: r.kind,
      ref: r.ref,
      dueAt: r.due_at,
      text: r.text,
      reply: r.reply,
      attempts: r.attempts,
      claimedUntil: r.claimed_until,
      recovered: r.previous_status === "sending",
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}
