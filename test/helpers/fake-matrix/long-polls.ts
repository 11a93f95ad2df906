/**
 * /sync requests held open: each is retried on every change of the homeserver and answered as
 * soon as it has something, or with an empty answer when its timeout (the server's own timer)
 * runs out or the fake closes. A client that hangs up is forgotten.
 */
import type { Exchange } from "./http.ts";

interface Held {
  userId: string;
  exchange: Exchange;
  /** Answers if there is something to answer with; true once answered. */
  attempt: () => boolean;
  /** Answers with nothing new. */
  expire: () => void;
  timer: NodeJS.Timeout;
}

export class LongPolls {
  readonly #held = new Set<Held>();
  readonly #onHold = new Set<(userId: string, exchange: Exchange) => void>();

  hold(
    userId: string,
    exchange: Exchange,
    timeoutMs: number,
    attempt: () => boolean,
    expire: () => void,
  ): void {
    const held: Held = {
      userId,
      exchange,
      attempt,
      expire,
      timer: setTimeout(() => this.#finish(held, expire), timeoutMs),
    };
    this.#held.add(held);
    exchange.res.once("close", () => {
      clearTimeout(held.timer);
      this.#held.delete(held);
    });
    for (const listener of this.#onHold) listener(userId, exchange);
  }

  onHold(listener: (userId: string, exchange: Exchange) => void): void {
    this.#onHold.add(listener);
  }

  /** The request of that user held right now, if any. */
  heldFor(userId: string): Exchange | undefined {
    return [...this.#held].find((held) => held.userId === userId)?.exchange;
  }

  /** Something changed: answer those that now have news. */
  wake(): void {
    for (const held of [...this.#held]) {
      if (!held.attempt()) continue;
      clearTimeout(held.timer);
      this.#held.delete(held);
    }
  }

  /** Answers every held request with nothing new; resolves once the answers are handed to the sockets. */
  async endAll(): Promise<void> {
    const ending = [...this.#held].map((held) => {
      const { res } = held.exchange;
      const done = new Promise<void>((resolve) => {
        res.once("finish", resolve);
        res.once("close", resolve);
      });
      this.#finish(held, held.expire);
      return done;
    });
    await Promise.all(ending);
  }

  #finish(held: Held, answer: () => void): void {
    clearTimeout(held.timer);
    if (this.#held.delete(held)) answer();
  }
}
