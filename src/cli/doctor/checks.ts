/**
 * `ctg-bot doctor`: each configured connection checked, each usual mistake explained in French
 * with what to do. A check is `ok`, `warning` (works, but something will bite: an encrypted room,
 * a nearly full quota), `error` (exit code 1) or `skipped` (not configured, or not checkable
 * because an earlier check failed). docs/operations.md lists the checks.
 */
export type CheckStatus = "ok" | "warning" | "error" | "skipped";
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

const TIMEOUT_MS = 5_000;

export const check = (name: string, status: CheckStatus, detail: string): Check => ({ name, status, detail });

export async function probe(fetchFn: typeof fetch, url: string, init: RequestInit = {}): Promise<Response> {
  return fetchFn(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
}

export async function readJson(res: Response): Promise<unknown> {
  try {
    return JSON.parse(await res.text());
  } catch {
    return null;
  }
}

/** The `code` of an error or of what caused it (undici, pg and net nest them; AggregateError lists them). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if ("code" in current && typeof current.code === "string") return current.code;
    const inner = current instanceof AggregateError ? current.errors[0] : undefined;
    current = current.cause ?? inner;
  }
  return undefined;
}

export function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  let current: unknown = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

/** Why a request got no answer, for people: `${base} injoignable : …`, naming the variable to fix. */
export function unreachable(base: string, variable: string, error: unknown): string {
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : "";
  let why: string;
  if (name === "TimeoutError" || name === "AbortError") {
    why = `pas de réponse en ${TIMEOUT_MS / 1000} s ; vérifiez ${variable} et le pare-feu entre le bot et ce serveur.`;
  } else if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    why = `le nom d'hôte est inconnu (DNS) ; vérifiez l'orthographe de ${variable}.`;
  } else if (code === "ECONNREFUSED") {
    why = `connexion refusée : rien n'écoute à cette adresse et ce port ; vérifiez ${variable} (port, http ou https) et que le service est démarré.`;
  } else if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "EPROTO") {
    why = `le serveur ne parle pas HTTPS sur ce port (${code}) ; essayez http:// ou le port HTTPS dans ${variable}.`;
  } else if (code !== undefined && /CERT|SELF_SIGNED|ALTNAME/.test(code)) {
    why =
      `certificat TLS refusé (${code}) ; installez un certificat valide (Let's Encrypt…) pour ce nom, ` +
      "ou, pour une autorité de certification interne, donnez son certificat au bot avec NODE_EXTRA_CA_CERTS.";
  } else {
    why = `${innermostMessage(error)}.`;
  }
  return `${base} injoignable : ${why}`;
}

/** Runs `fn` on every item, `limit` at a time, results in order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) {
    results.push(...(await Promise.all(items.slice(start, start + limit).map(fn))));
  }
  return results;
}
