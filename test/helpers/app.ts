import { type App, createApp } from "../../src/app.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { DispatchResult } from "../../src/core/dispatch.ts";
import type { TestDatabase } from "./databases.ts";

export interface TestChat {
  app: App;
  /** Sends `/ctg <text>` from a channel and returns the dispatch result and its plain-text rendering. */
  send(
    text: string,
    channelId?: string,
    platform?: string,
  ): Promise<{ result: DispatchResult; text: string }>;
}

/** The real app on a real database, with a fixed clock (no wall time in tests). */
export async function startTestApp(
  db: TestDatabase,
  now: Date,
  env: Record<string, string> = {},
): Promise<TestChat> {
  const config = loadConfig({ DATA_DIR: db.dataDir, ...(db.url ? { DATABASE_URL: db.url } : {}), ...env });
  const app = await createApp(config, { clock: () => now });
  return {
    app,
    async send(text, channelId = "canal-test", platform = "console") {
      const result = await app.dispatch({
        kind: "command",
        text,
        platform,
        channelId,
        userId: "u1",
        receivedAt: now,
      });
      const rendered = "reply" in result ? renderText(result.reply, "/ctg").text : "";
      return { result, text: rendered };
    },
  };
}
