import { App, type Logger, LogLevel } from "@slack/bolt";
import type { Log } from "../../core/log.ts";
import { AckFirstReceiver } from "./slack-receiver.ts";

/** What building the Bolt app needs of the adapter's options. */
export interface BoltOptions {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  logLevel?: LogLevel;
  sdkLog?: Log;
  onReceiverError?: (error: unknown) => void;
}

/**
 * The Bolt app: Socket Mode with an app-level token, HTTP otherwise (our receiver answers 200 as
 * soon as the signature and the 5-minute window check out, then Bolt processes the request:
 * `slack-receiver.ts`); the Web API client with a timeout, bounded retries, and
 * rate-limited calls handed back to our per-channel queue instead of waited on inside the client.
 */
export function boltApp(options: BoltOptions): App {
  const clientOptions = {
    ...(options.apiUrl !== undefined ? { slackApiUrl: options.apiUrl } : {}),
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
    rejectRateLimitedCalls: true,
  };
  const common = {
    token: options.botToken,
    clientOptions,
    logLevel: options.logLevel ?? LogLevel.WARN,
    ...(options.sdkLog !== undefined
      ? { logger: boltLogger(options.sdkLog, options.logLevel ?? LogLevel.WARN) }
      : {}),
    deferInitialization: true,
  };
  return options.appToken !== undefined
    ? new App({
        ...common,
        appToken: options.appToken,
        socketMode: true,
        // apps.connections.open goes through the receiver's own client.
        ...(options.apiUrl !== undefined
          ? { installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } } }
          : {}),
      })
    : new App({
        ...common,
        receiver: new AckFirstReceiver({
          signingSecret: options.signingSecret,
          ...(options.onReceiverError !== undefined ? { onError: options.onReceiverError } : {}),
        }),
      });
}

/** Bolt's `Logger` over ours: its messages become JSON lines (component "slack-sdk"). */
export function boltLogger(log: Log, initial: LogLevel): Logger {
  const sdk = log.child({ component: "slack-sdk" });
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  let level = initial;
  const at = (wanted: LogLevel) => order.indexOf(wanted) >= order.indexOf(level);
  const text = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p)))
      .join(" ");
  return {
    debug: (...parts) => void (at(LogLevel.DEBUG) && sdk.debug({}, text(parts))),
    info: (...parts) => void (at(LogLevel.INFO) && sdk.info({}, text(parts))),
    warn: (...parts) => void (at(LogLevel.WARN) && sdk.warn({}, text(parts))),
    error: (...parts) => void (at(LogLevel.ERROR) && sdk.error({}, text(parts))),
    setLevel: (wanted) => {
      level = wanted;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
