/** Accounts and access tokens: one token (one device) per user, created on first use; profiles. */
import { MatrixHttpError } from "./errors.ts";
import { localpartOf, newAccessToken, newDeviceId } from "./ids.ts";

/** Who made an authenticated request. */
export interface Caller {
  userId: string;
  token: string;
  deviceId: string;
}

export class Users {
  readonly #byToken = new Map<string, Caller>();
  readonly #tokens = new Map<string, string>();
  readonly #displayNames = new Map<string, string>();

  /** Registers the user if new (display name: the localpart, as Synapse sets at registration). */
  ensure(userId: string): void {
    const localpart = localpartOf(userId);
    if (!this.#displayNames.has(userId)) this.#displayNames.set(userId, localpart);
  }

  exists(userId: string): boolean {
    return this.#displayNames.has(userId);
  }

  displayName(userId: string): string | undefined {
    return this.#displayNames.get(userId);
  }

  tokenOf(userId: string): string {
    this.ensure(userId);
    let token = this.#tokens.get(userId);
    if (token === undefined) {
      token = newAccessToken(localpartOf(userId));
      this.#tokens.set(userId, token);
      this.#byToken.set(token, { userId, token, deviceId: newDeviceId() });
    }
    return token;
  }

  /** The caller of a request: 401 `M_MISSING_TOKEN` without a token, `M_UNKNOWN_TOKEN` for an unknown one. */
  authenticate(token: string | null): Caller {
    if (token === null) throw new MatrixHttpError(401, "M_MISSING_TOKEN", "Missing access token");
    const caller = this.#byToken.get(token);
    if (caller === undefined) {
      throw new MatrixHttpError(401, "M_UNKNOWN_TOKEN", "Unrecognised access token", { soft_logout: false });
    }
    return caller;
  }
}
