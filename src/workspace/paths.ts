import { WorkspaceError } from "./workspace.ts";

/**
 * Splits a workspace path (`/`-separated, relative, no leading slash) into its segments. Folders may
 * be the root (`""`) and may end with one `/`. Empty, `.` and `..` segments, absolute paths and NUL
 * bytes are refused with `WorkspaceError("invalid-name")`: a path never leaves the workspace.
 */
export function splitWorkspacePath(path: string, options: { folder?: boolean } = {}): string[] {
  let rest = path;
  if (options.folder === true) {
    if (rest === "") return [];
    if (rest.endsWith("/")) rest = rest.slice(0, -1);
  }
  if (rest === "") throw invalidPath(path, "le chemin est vide");
  if (rest.startsWith("/")) throw invalidPath(path, "le chemin doit être relatif à l'espace de travail");
  const segments = rest.split("/");
  for (const segment of segments) {
    if (segment === "") throw invalidPath(path, "le chemin contient un segment vide");
    if (segment === "." || segment === "..") throw invalidPath(path, "« . » et « .. » sont interdits");
    if (segment.includes("\0")) throw invalidPath(path, "le chemin contient un caractère nul");
  }
  return segments;
}

/** The workspace path of the folder holding `segments` (`""` for the root). */
export function parentPath(segments: readonly string[]): string {
  return segments.slice(0, -1).join("/");
}

function invalidPath(path: string, reason: string): WorkspaceError {
  return new WorkspaceError("invalid-name", `Chemin refusé « ${path} » : ${reason}.`);
}
