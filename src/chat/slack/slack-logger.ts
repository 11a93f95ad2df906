import { type Logger, LogLevel } from "@slack/bolt";
import type { Log } from "../../core/log.ts";

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
