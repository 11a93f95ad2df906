import { z } from "zod";

/**
 * The parts of Matrix event contents the adapter reads, parsed (not cast): a homeserver relays
 * what any client sent, so a field may be missing or of another type. Unknown fields pass.
 */

/** `m.relates_to` (threads, edits, annotations: client-server API, « Relationships »). */
export const relationSchema = z
  .object({ rel_type: z.string().optional(), event_id: z.string().optional(), key: z.string().optional() })
  .loose();
export type Relation = z.infer<typeof relationSchema>;

/** `m.mentions` (intentional mentions, Matrix 1.7). */
const mentionsSchema = z.object({ user_ids: z.array(z.string()).optional() }).loose();

/** `m.file`, `m.image`… contents: `url` (mxc://) or `file` (encrypted), `filename` and a caption. */
export const fileContentSchema = z
  .object({
    msgtype: z.string().optional(),
    body: z.string().optional(),
    filename: z.string().optional(),
    url: z.string().optional(),
    file: z.unknown().optional(),
    info: z.object({ size: z.number().optional(), mimetype: z.string().optional() }).loose().optional(),
  })
  .loose();
export type MatrixFileContent = z.infer<typeof fileContentSchema>;

/** The relation of a content, or undefined when it has none (or not one we can read). */
export function relationOf(content: Record<string, unknown>): Relation | undefined {
  const parsed = relationSchema.safeParse(content["m.relates_to"]);
  return parsed.success ? parsed.data : undefined;
}

/** The user ids a content mentions on purpose (`m.mentions.user_ids`), [] when none. */
export function mentionedUsers(content: Record<string, unknown>): string[] {
  const parsed = mentionsSchema.safeParse(content["m.mentions"]);
  return parsed.success ? (parsed.data.user_ids ?? []) : [];
}

/** The envelope of a room event as the sync hands it over (client-server API, « Room events »). */
export const roomEventSchema = z
  .object({
    event_id: z.string(),
    sender: z.string(),
    type: z.string(),
    origin_server_ts: z.number(),
    content: z.record(z.string(), z.unknown()),
    unsigned: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type RoomEvent = z.infer<typeof roomEventSchema>;

/** A room event, or null when the payload is not one (it is then ignored). */
export function roomEventOf(payload: unknown): RoomEvent | null {
  const parsed = roomEventSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** The text of a message content: `msgtype` and `body`, when they are strings. */
export const textContentSchema = z.object({ msgtype: z.string(), body: z.string().optional() }).loose();
