/** Basic auth with Nextcloud's brute-force protection (without its delays: 429 once over the limit). */
import type { IncomingMessage } from "node:http";
import { HttpError, SABRE } from "./errors.ts";

export class BasicAuth {
  readonly #users: Record<string, string>;
  readonly #maxAttempts: number;
  /** Failed logins per remote address. */
  readonly #failures = new Map<string, number>();

  constructor(users: Record<string, string>, maxAttempts: number) {
    this.#users = users;
    this.#maxAttempts = maxAttempts;
  }

  /** The user id; 401 for a wrong password, 429 (no Retry-After) for an address over the limit. */
  authenticate(req: IncomingMessage): string {
    const address = req.socket.remoteAddress ?? "?";
    if ((this.#failures.get(address) ?? 0) >= this.#maxAttempts) {
      throw new HttpError(429, "OCA\\DAV\\Connector\\Sabre\\Exception\\TooManyRequests", "");
    }
    const match = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
    const [user, ...rest] = Buffer.from(match?.[1] ?? "", "base64")
      .toString("utf8")
      .split(":");
    if (match === null || user === undefined || this.#users[user] !== rest.join(":")) {
      this.#failures.set(address, (this.#failures.get(address) ?? 0) + 1);
      throw new HttpError(
        401,
        `${SABRE}NotAuthenticated`,
        "No public access to this resource., Username or password was incorrect",
        { "www-authenticate": 'Basic realm="Nextcloud", charset="UTF-8"' },
      );
    }
    this.#failures.delete(address);
    return user;
  }
}
