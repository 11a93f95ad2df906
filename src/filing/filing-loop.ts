import { schedule } from "node-cron";
import { type Log, silentLog, withLog } from "../core/log.ts";
import type { Reply } from "../core/reply.ts";
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
  /** One line per spooled document tried. */
  log?: Log;
}): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const task = schedule(
    "* * * * *",
    () => {
      running = withLog(deps.log ?? silentLog, () => retrySpooledOnce(deps.filing, deps.post)).then(
        () => undefined,
        deps.onError,
      );
      return running;
    },
    { noOverlap: true },
  );
  return {
    /** No new round starts; the one in progress (an upload) finishes. */
    async stop() {
      await task.stop();
      await running;
    },
  };
}
