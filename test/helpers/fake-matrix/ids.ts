/** Identifiers in the shapes a homeserver gives them: room ids, event ids (room v4+), media ids, tokens. */
import { randomBytes } from "node:crypto";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function randomLetters(length: number, alphabet = LETTERS): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export function newRoomId(serverName: string): string {
  return `!${randomLetters(18)}:${serverName}`;
}

/** `$` and the URL-safe unpadded base64 of 32 bytes, like a reference hash. */
export function newEventId(): string {
  return `$${randomBytes(32).toString("base64url")}`;
}

/** Letters only: within the `A-Za-z0-9_-` the spec allows in a media id. */
export function newMediaId(): string {
  return randomLetters(24);
}

export function newDeviceId(): string {
  return randomLetters(10, UPPER);
}

/** Synapse's shape: `syt_<base64 localpart>_<random>`. */
export function newAccessToken(localpart: string): string {
  return `syt_${Buffer.from(localpart).toString("base64url")}_${randomLetters(20)}`;
}

/** `@local:server` → `local` (throws on anything else). */
export function localpartOf(userId: string): string {
  const match = /^@([^:]+):(.+)$/.exec(userId);
  if (match === null) throw new Error(`fake Matrix: "${userId}" is not a user id (@localpart:server)`);
  return match[1] ?? "";
}
