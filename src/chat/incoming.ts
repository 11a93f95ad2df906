/** One normalised message from any chat platform. */
export interface Incoming {
  kind: "command" | "question";
  /** For a command, the text after the prefix (`/ctg`, `!ctg`); for a question, the whole message. */
  text: string;
  platform: string;
  channelId: string;
  userId: string;
  threadId?: string;
  receivedAt: Date;
}
