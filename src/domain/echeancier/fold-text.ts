const APOSTROPHES = new Set(["’", "‘", "ʼ", "`", "´", "′"]);
const DASHES = new Set(["‐", "‑", "‒", "–", "—", "―", "−"]);

function foldChar(char: string): string {
  if (APOSTROPHES.has(char)) return "'";
  if (DASHES.has(char)) return "-";
  const bare = char.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  if (bare.length === 1) return bare;
  const lower = char.toLowerCase();
  return lower.length === 1 ? lower : char;
}

/**
 * Lower case, accents removed, typographic apostrophes and dashes unified — one UTF-16 unit in, one out,
 * so that an index in the folded text is the same index in the original text.
 */
export function foldText(text: string): string {
  let folded = "";
  for (let index = 0; index < text.length; index += 1) {
    folded += foldChar(text.charAt(index));
  }
  return folded;
}
