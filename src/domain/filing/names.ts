/**
 * File and folder names the workspace accepts everywhere (Nextcloud, its Windows and macOS sync
 * clients, a local disk): what a user types is checked, what the bot generates is made safe.
 */

export type FileNameCheck = { ok: true; name: string } | { ok: false; reason: string };

/** Nextcloud and most file systems stop at 255 bytes; a margin is kept for " (2)" suffixes. */
export const MAX_NAME_BYTES = 250;

const RESERVED_CHARS = /[/\\:*?"<>|]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced.
const CONTROL_CHARS_ALL = /[\u0000-\u001f\u007f]/g;
/** Windows device names: a sync client cannot create them, whatever the extension. */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** Partial uploads of Nextcloud clients: the server refuses these extensions. */
const PARTIAL_EXTENSIONS = /\.(part|filepart)$/i;

const UTF8 = new TextEncoder();
const bytes = (s: string): number => UTF8.encode(s).length;

/** Checks a name a user gave (`/ctg ranger … sous "…"`), one folder or file name, no path. */
export function checkFileName(name: string): FileNameCheck {
  const n = name.normalize("NFC");
  if (n.trim() === "") return { ok: false, reason: "Le nom est vide." };
  if (n === "." || n === "..") return { ok: false, reason: `« ${n} » n'est pas un nom de fichier.` };
  if (/(^|[/\\])\.\.([/\\]|$)/.test(n))
    return { ok: false, reason: "Le nom ne peut pas contenir « ../ » : pas de chemin, un nom seul." };
  if (/[/\\]/.test(n))
    return { ok: false, reason: "Le nom ne peut pas contenir « / » ni « \\ » : un nom seul, pas un chemin." };
  if (CONTROL_CHARS.test(n))
    return { ok: false, reason: "Le nom contient un caractère invisible (retour à la ligne, tabulation…)." };
  const reserved = RESERVED_CHARS.exec(n);
  if (reserved !== null)
    return {
      ok: false,
      reason: `Le caractère « ${reserved[0]} » n'est pas permis dans un nom (interdits : \\ / : * ? " < > |).`,
    };
  if (n.startsWith("."))
    return { ok: false, reason: "Le nom ne peut pas commencer par un point (fichier caché)." };
  if (/^\s/.test(n)) return { ok: false, reason: "Le nom ne peut pas commencer par une espace." };
  if (/[\s.]$/.test(n)) return { ok: false, reason: "Le nom ne peut pas finir par une espace ou un point." };
  if (WINDOWS_DEVICES.test(n)) return { ok: false, reason: `« ${n} » est un nom réservé par Windows.` };
  if (PARTIAL_EXTENSIONS.test(n))
    return { ok: false, reason: "Les extensions .part et .filepart sont réservées aux envois en cours." };
  const size = bytes(n);
  if (size > MAX_NAME_BYTES)
    return { ok: false, reason: `Le nom est trop long (${size} octets, ${MAX_NAME_BYTES} au plus).` };
  return { ok: true, name: n };
}

/**
 * A generated name made safe: reserved characters replaced ("12/03" → "12-03", "Action 2 : x" →
 * "Action 2 - x"), spaces collapsed, leading dots and trailing dots/spaces removed, cut at 250 bytes
 * (at a word when possible, keeping a file's extension). Never empty: "Sans titre".
 */
export function safeSegment(text: string): string {
  let s = text
    .normalize("NFC")
    .replace(CONTROL_CHARS_ALL, " ")
    .replace(/\s*:\s*/g, " - ")
    .replace(/[/\\|]/g, "-")
    .replace(/[*?"<>]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+/, "")
    .replace(/[\s.]+$/, "");
  if (bytes(s) > MAX_NAME_BYTES) s = cutKeepingExtension(s, MAX_NAME_BYTES);
  if (WINDOWS_DEVICES.test(s)) s = `${s}_`;
  if (PARTIAL_EXTENSIONS.test(s)) s = `${s}_`;
  return s === "" ? "Sans titre" : s;
}

/** "Compte rendu.pdf", 2 → "Compte rendu (2).pdf"; an existing " (n)" is replaced, the 250-byte limit kept. */
export function withSuffix(fileName: string, n: number): string {
  const m = /^(.*?)(\.[A-Za-z0-9]{1,5})?$/.exec(fileName);
  const stem = (m?.[1] ?? fileName).replace(/ \(\d+\)$/, "");
  const extension = m?.[2] ?? "";
  const suffix = ` (${n})${extension}`;
  return `${cutBytes(stem, MAX_NAME_BYTES - bytes(suffix)).replace(/[\s.]+$/, "")}${suffix}`;
}

function cutKeepingExtension(s: string, max: number): string {
  const m = /^(.*)(\.[A-Za-z0-9]{1,5})$/.exec(s);
  const stem = m?.[1] ?? s;
  const extension = m?.[2] ?? "";
  const cut = cutBytes(stem, max - bytes(extension));
  const atWord = cut.replace(/\s+\S*$/, "");
  const kept = atWord.length >= cut.length * 0.8 ? atWord : cut;
  return `${kept.replace(/[\s.,;-]+$/, "")}${extension}`;
}

/** The longest prefix of `s` within `max` UTF-8 bytes, never splitting a character. */
function cutBytes(s: string, max: number): string {
  let out = "";
  let used = 0;
  for (const ch of s) {
    used += bytes(ch);
    if (used > max) break;
    out += ch;
  }
  return out;
}
