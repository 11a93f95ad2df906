import type { App } from "./app.ts";
import { SlackAdapter, type SlackAdapterOptions } from "./chat/slack/slack-adapter.ts";
import type { Config } from "./config/config.ts";

/** The Slack adapter of a configured app (SLACK_BOT_TOKEN set); null when Slack is not configured. */
export function createSlackAdapter(
  config: Config,
  app: App,
  options: {
    clock: () => Date;
    onInternalError: (error: unknown) => void;
    overrides?: Partial<SlackAdapterOptions>;
  },
): SlackAdapter | null {
  if (config.SLACK_BOT_TOKEN === undefined) return null;
  return new SlackAdapter({
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET ?? "",
    ...(config.SLACK_APP_TOKEN !== undefined ? { appToken: config.SLACK_APP_TOKEN } : {}),
    port: config.SLACK_PORT,
    apiUrl: config.SLACK_API_URL,
    // The running bot passes its own (with logging and metrics); tests and tools get a plain one.
    pipeline:
      options.overrides?.pipeline ?? app.pipeline({ onInternalError: options.onInternalError }).pipeline,
    clock: options.clock,
    onInternalError: options.onInternalError,
    ...options.overrides,
  });
}
