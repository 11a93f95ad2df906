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
