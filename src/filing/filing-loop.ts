import { schedule } from "node-cron";
import type { Reply } from "../chat/reply.ts";
import { placedLaterReply } from "./filing-replies.ts";
import type { FilingService } from "./filing-service.ts";

/**
 * Every minute, files what waits in the spool because the workspace was unavailable, and tells
 * the channel each document came from once it is in place. `retryOnce` is what the task runs.
 */
export async function retrySpooledOnce(
  filing: FilingService,
  post: (platform: string, channelId: string, reply: Reply) => Promise<void>,
): Promise<number> {
  const { placed } = await filing.retrySpooled();
  for (const doc of placed) await post(doc.platform, doc.channelId, placedLaterReply(doc));
  return placed.length;
}

export function startFilingLoop(deps: {
  filing: FilingService;
  post: (platform: string, channelId: string, reply: Reply) => Promise<void>;
  onError: (error: unknown) => void;
}): { stop(): Promise<void> } {
  const task = schedule(
    "* * * * *",
    () => retrySpooledOnce(deps.filing, deps.post).then(() => undefined, deps.onError),
    { noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
    },
  };
}
