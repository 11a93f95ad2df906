import { matchExistingFolder, withSuffix } from "../domain/filing/index.ts";
import {
  type PutOptions,
  type StoredFile,
  type UploadSource,
  type Workspace,
  WorkspaceError,
} from "../workspace/workspace.ts";

/** Suffixes tried before giving up on a name: "(2)" … "(99)". */
const MAX_SUFFIX = 99;

/**
 * The folder as it exists: each segment is matched against the folders already there (after
 * normalisation), so a team's "Action 3.2 – Mobilité" is reused rather than duplicated by our
 * "Action 3.2 - Mobilite"; missing segments are created.
 */
export async function resolveFolder(workspace: Workspace, wanted: string): Promise<string> {
  const resolved: string[] = [];
  for (const segment of wanted.split("/").filter((s) => s !== "")) {
    const parent = resolved.join("/");
    const children = (await workspace.list(parent)).filter((e) => e.type === "folder").map((e) => e.name);
    resolved.push(matchExistingFolder(segment, children) ?? segment);
  }
  const folder = resolved.join("/");
  await workspace.ensureFolder(folder);
  return folder;
}

/** Writes a new file in `folder`; a name already taken gets "(2)", "(3)"…: never an overwrite. */
export async function putWithSuffix(
  workspace: Workspace,
  folder: string,
  fileName: string,
  source: UploadSource,
  options: PutOptions = {},
): Promise<StoredFile> {
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = n === 1 ? fileName : withSuffix(fileName, n);
    try {
      return await workspace.putNew(join(folder, name), source, options);
    } catch (error) {
      if (!(error instanceof WorkspaceError && error.code === "exists")) throw error;
    }
  }
  throw new WorkspaceError("exists", `${MAX_SUFFIX} fichiers portent déjà ce nom dans ${folder}`);
}

/** Moves a file into `folder` under `fileName`, with the same suffix rule (the caller checks it moves). */
export async function moveWithSuffix(
  workspace: Workspace,
  from: string,
  folder: string,
  fileName: string,
): Promise<StoredFile> {
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = n === 1 ? fileName : withSuffix(fileName, n);
    const to = join(folder, name);
    try {
      return await workspace.move(from, to);
    } catch (error) {
      if (!(error instanceof WorkspaceError && error.code === "exists")) throw error;
    }
  }
  throw new WorkspaceError("exists", `${MAX_SUFFIX} fichiers portent déjà ce nom dans ${folder}`);
}

export const join = (folder: string, name: string) => (folder === "" ? name : `${folder}/${name}`);

export const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);

export const folderOf = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");
