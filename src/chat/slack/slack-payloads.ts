import { z } from "zod";

/**
 * The parts of Slack event payloads the adapter reads, parsed (not cast): the Events API and
 * `conversations.replies` send what Slack's documentation lists, and fields a message subtype
 * lacks are simply absent. Unknown fields pass.
 */

/** A file of a message (`files[]`): what fetching and naming it needs. */
export const slackFileSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    title: z.string().optional(),
    mimetype: z.string().optional(),
    size: z.number().optional(),
    mode: z.string().optional(),
    url_private_download: z.string().optional(),
    url_private: z.string().optional(),
  })
  .loose();
export type SlackFileObject = z.infer<typeof slackFileSchema>;

/** A `message` event (or a message of `conversations.replies`). */
export const slackMessageSchema = z
  .object({
    channel: z.string().optional(),
    ts: z.string(),
    thread_ts: z.string().optional(),
    user: z.string().optional(),
    text: z.string().optional(),
    subtype: z.string().optional(),
    bot_id: z.string().optional(),
    channel_type: z.string().optional(),
    files: z.array(slackFileSchema).optional(),
  })
  .loose();
export type SlackMessage = z.infer<typeof slackMessageSchema>;

/** The message, or null when the payload is not one we can read (then it is ignored). */
export function parseSlackMessage(payload: unknown): SlackMessage | null {
  const parsed = slackMessageSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** The id of an Events API delivery (`event_id` of the envelope): a retry carries the same. */
export function eventIdOf(body: unknown): string | null {
  const parsed = z.object({ event_id: z.string() }).loose().safeParse(body);
  return parsed.success ? parsed.data.event_id : null;
}

/** One element of a `block_actions` payload: a button, a select, a date picker. */
export const actionElementSchema = z
  .object({
    type: z.string(),
    action_id: z.string(),
    block_id: z.string().optional(),
    value: z.string().optional(),
    text: z.object({ text: z.string().optional() }).loose().optional(),
    selected_option: z
      .object({
        value: z.string().optional(),
        text: z.object({ text: z.string().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    selected_date: z.string().optional(),
  })
  .loose();
export type ActionElement = z.infer<typeof actionElementSchema>;

/** A `block_actions` payload: who clicked, where, on which message. */
export const blockActionSchema = z
  .object({
    user: z.object({ id: z.string() }).loose(),
    channel: z.object({ id: z.string() }).loose().optional(),
    container: z
      .object({
        channel_id: z.string().optional(),
        message_ts: z.string().optional(),
        is_ephemeral: z.boolean().optional(),
      })
      .loose()
      .optional(),
    message: z
      .object({
        ts: z.string().optional(),
        thread_ts: z.string().optional(),
        text: z.string().optional(),
        blocks: z.array(z.record(z.string(), z.unknown())).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type BlockActionPayload = z.infer<typeof blockActionSchema>;

/** A `reaction_added` event on a message. */
export const reactionAddedSchema = z
  .object({
    user: z.string(),
    reaction: z.string(),
    item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }).loose(),
    event_ts: z.string().optional(),
  })
  .loose();

/** The outbox key a reminder carries in its message metadata (`event_payload.key`), or null. */
export function reminderKeyOf(payload: unknown): string | null {
  const parsed = z.object({ key: z.string() }).loose().safeParse(payload);
  return parsed.success ? parsed.data.key : null;
}
