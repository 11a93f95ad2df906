import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { WorkspaceError } from "../workspace.ts";

/** An HTTP answer that is not a success, as far as the error mapping needs it. */
export interface HttpFailure {
  status: number;
  retryAfter: string | null;
  /** The start of the body (a Sabre `<d:error>` on Nextcloud, HTML on Apache). */
  body: string;
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const sabreErrorSchema = z.object({
  error: z.object({ exception: z.string().optional(), message: z.string().optional() }).loose(),
});

const errorParser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

/** Sabre's `<d:error><s:exception/><s:message/></d:error>`, or null for anything else. */
export function sabreError(body: string): { exception: string; message: string } | null {
  if (!body.trimStart().startsWith("<?xml") && !body.trimStart().startsWith("<d:error")) return null;
  try {
    const parsed = sabreErrorSchema.safeParse(errorParser.parse(body));
    if (!parsed.success) return null;
    return { exception: parsed.data.error.exception ?? "", message: parsed.data.error.message ?? "" };
  } catch {
    return null;
  }
}

/**
 * The WorkspaceError for a failed request. `what` names the target in French (`« a/b.pdf »`).
 * A 429 without Retry-After is Nextcloud's brute-force protection (on WebDAV it carries Sabre's
 * `TooManyRequests` exception; Nextcloud sends no Retry-After): per the port that is `auth`, never
 * retried in a loop. Only a 429 or 503 with a Retry-After is `rate-limited`.
 */
export function errorFromStatus(failure: HttpFailure, what: string, now: number): WorkspaceError {
  const { status } = failure;
  const server = sabreError(failure.body);
  const detail = server?.message ? ` (${server.message})` : "";
  const options = { status };
  if (status === 401 || status === 403) {
    return new WorkspaceError(
      "auth",
      `Nextcloud refuse l'accès à ${what} (${status}) : vérifiez l'utilisateur et le mot de passe d'application.`,
      options,
    );
  }
  const retryAfterMs = parseRetryAfter(failure.retryAfter, now);
  if (status === 429 && retryAfterMs === null) {
    const bruteForce = server?.exception.endsWith("TooManyRequests") === true;
    return new WorkspaceError(
      "auth",
      (bruteForce
        ? "Nextcloud bloque temporairement les connexions du bot après trop d'essais avec un mauvais mot de passe "
        : "Nextcloud refuse les requêtes du bot sans dire quand réessayer (429), en général après trop d'essais " +
          "avec un mauvais mot de passe ") +
        "(protection contre la force brute) : corrigez le mot de passe d'application, puis faites lever le " +
        "blocage par l'administrateur (occ security:bruteforce:reset).",
      options,
    );
  }
  if (retryAfterMs !== null && (status === 429 || status === 503)) {
    const wait = Math.ceil(retryAfterMs / 1000);
    return new WorkspaceError(
      "rate-limited",
      `Nextcloud demande de patienter ${wait} s avant de réessayer.`,
      {
        status,
        retryAfterMs,
      },
    );
  }
  switch (status) {
    case 404:
    case 409:
      return new WorkspaceError("not-found", `${capitalise(what)} est introuvable dans Nextcloud.`, options);
    case 412:
      return new WorkspaceError(
        "exists",
        `${capitalise(what)} existe déjà dans Nextcloud : il n'a pas été remplacé.`,
        options,
      );
    case 413:
    case 507:
      return new WorkspaceError(
        "too-large",
        `Nextcloud refuse ${what} : fichier trop volumineux ou quota dépassé${detail}.`,
        options,
      );
    case 400:
    case 414:
      return new WorkspaceError("invalid-name", `Nextcloud refuse le nom de ${what}${detail}.`, options);
    default:
      if (status >= 300 && status < 400) {
        return new WorkspaceError(
          "unavailable",
          `Nextcloud redirige la requête pour ${what} (${status}) : vérifiez NEXTCLOUD_URL (https, sous-dossier).`,
          options,
        );
      }
      return new WorkspaceError(
        "unavailable",
        `Nextcloud ne peut pas traiter ${what} (${status})${detail}.`,
        options,
      );
  }
}

/** A request that got no answer: network down, connection dropped or refused. */
export function networkError(error: unknown, what: string): WorkspaceError {
  return new WorkspaceError(
    "unavailable",
    `Impossible de joindre Nextcloud pour ${what} : ${describe(error)}.`,
    {
      cause: error,
    },
  );
}

export function timeoutError(what: string, ms: number, cause: unknown): WorkspaceError {
  return new WorkspaceError(
    "unavailable",
    `Nextcloud n'a pas répondu à temps pour ${what} (${Math.round(ms / 1000)} s).`,
    { cause },
  );
}

function describe(error: unknown): string {
  let current: unknown = error;
  let text = "erreur réseau";
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = "code" in current && typeof current.code === "string" ? current.code : null;
    text = code ?? current.message;
    current = current.cause;
  }
  return text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
