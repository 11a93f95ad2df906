import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DispatchResult } from "../core/dispatch.ts";
import type { AnswerObserver } from "../core/inbound/observe.ts";

/** The shared state /metrics reports, read when it is scraped (`src/store/metrics-source.ts`). */
export interface MetricsSource {
  outboxByStatus(): Promise<{ status: string; count: number }[]>;
  /** When the oldest reminder due and not yet sent was due; null when none is. */
  oldestDueOutbox(now: Date): Promise<Date | null>;
  filedByStatus(): Promise<{ status: string; count: number }[]>;
}

/**
 * The bot's Prometheus metrics. Counters and the latency histogram are fed as things happen
 * (`observeAnswer`, `countChatError`); the outbox and filing figures are read from the database
 * when /metrics is scraped, so every replica reports the same, shared state.
 */
export class BotMetrics implements AnswerObserver {
  readonly registry = new Registry();
  readonly #commands: Counter<"command" | "outcome">;
  readonly #latency: Histogram<"kind">;
  readonly #chatErrors: Counter<"platform" | "kind">;
  readonly #reminders: Counter<"event">;

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    this.#commands = new Counter({
      name: "ctg_commands_total",
      help: "Commands and questions handled, by command (question for free questions) and outcome.",
      labelNames: ["command", "outcome"],
      registers,
    });
    this.#latency = new Histogram({
      name: "ctg_answer_duration_seconds",
      help: "Time from a message to its answer being ready, by kind (command, question).",
      labelNames: ["kind"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#chatErrors = new Counter({
      name: "ctg_chat_api_errors_total",
      help: "Chat API calls that failed, by platform and kind (rate_limited, error).",
      labelNames: ["platform", "kind"],
      registers,
    });
    this.#reminders = new Counter({
      name: "ctg_reminders_total",
      help: "Reminders handled by this process: planned, sent, retry, rate-limited, failed, released (given back at shutdown).",
      labelNames: ["event"],
      registers,
    });
    new Gauge({
      name: "ctg_outbox_items",
      help: "Reminders in the outbox by status (pending, sending, sent, failed, cancelled).",
      labelNames: ["status"],
      registers,
      async collect() {
        const rows = await source.outboxByStatus();
        this.reset();
        for (const row of rows) this.set({ status: row.status }, row.count);
      },
    });
    new Gauge({
      name: "ctg_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest reminder due and not yet sent (0 when none).",
      registers,
      async collect() {
        const oldest = await source.oldestDueOutbox(new Date());
        this.set(oldest === null ? 0 : Math.max(0, (Date.now() - oldest.getTime()) / 1000));
      },
    });
    new Gauge({
      name: "ctg_filed_documents",
      help: "Documents recorded by the filing, by status (filed, parked, spooled, failed…).",
      labelNames: ["status"],
      registers,
      async collect() {
        const rows = await source.filedByStatus();
        this.reset();
        for (const row of rows) this.set({ status: row.status }, row.count);
      },
    });
  }

  /** One handled message: its command (or `question`), outcome and how long it took. */
  observeAnswer(kind: "command" | "question", result: DispatchResult, seconds: number): void {
    const command = result.status === "ok" ? result.command : kind === "question" ? "question" : "?";
    this.#commands.inc({ command, outcome: result.status });
    this.#latency.observe({ kind }, seconds);
  }

  /** A sender event (`outbox.sent`…) or `planned` with the number of reminders enqueued. */
  countReminders(event: string, count = 1): void {
    if (count > 0) this.#reminders.inc({ event: event.replace(/^outbox\./, "") }, count);
  }

  countChatError(platform: string, kind: "rate_limited" | "error"): void {
    this.#chatErrors.inc({ platform, kind });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
