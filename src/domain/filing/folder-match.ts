import { foldAccents } from "../text/french/fold.ts";
/** "Action 3.2 – Mobilité" and "action 3.2 - mobilite" compare equal; dots in numbers are kept. */
export function folderKey(name: string): string {
  return foldAccents(name)
    .replace(/(\d)[.,](?=\d)/g, "$1·")
    .replace(/[^a-z0-9·]+/g, " ")
    .trim()
    .replace(/·/g, ".");
}

/** "Action 3.2", "Axe 2", "03": what numbers a folder in a team's tree, whatever its title. */
function numberedKey(name: string): string | null {
  const key = folderKey(name);
  const labelled = /^(action|axe|fiche action|fa)\s+(\d+(?:\.\d+)*)\b/.exec(key);
  if (labelled !== null) return `${labelled[1] === "axe" ? "axe" : "action"} ${labelled[2]}`;
  return null;
}

/** "03 Instances" and "3 - Instances" / "Instances": the name without its ordering number. */
function unnumbered(name: string): string {
  return folderKey(name).replace(/^\d{1,2}\s+/, "");
}

/**
 * The folder of `existing` that is the one `wanted` names, so that a team's own tree is reused
 * rather than duplicated: same name once case, accents, dashes, spaces and punctuation are set
 * aside; or same action / axis number ("Action 3.2 - Mobilité" ~ "Action 3.2 – Aide à la mobilité");
 * or same name without its ordering number ("03 Instances" ~ "3. Instances"). Null when none is.
 */
export function matchExistingFolder(wanted: string, existing: readonly string[]): string | null {
  const key = folderKey(wanted);
  const exact = existing.find((e) => folderKey(e) === key);
  if (exact !== undefined) return exact;
  const numbered = numberedKey(wanted);
  if (numbered !== null) {
    const same = existing.filter((e) => numberedKey(e) === numbered);
    if (same.length === 1 && same[0] !== undefined) return same[0];
  }
  const bare = unnumbered(wanted);
  if (bare === "") return null;
  const same = existing.filter((e) => unnumbered(e) === bare);
  return same.length === 1 && same[0] !== undefined ? same[0] : null;
}
