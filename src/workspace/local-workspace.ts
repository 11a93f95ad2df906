import { randomUUID } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { link, lstat, mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { exactBytes, progressReporter } from "./byte-stream.ts";
import { splitWorkspacePath } from "./paths.ts";
import {
  type PutOptions,
  type StoredFile,
  type UploadSource,
  type Workspace,
  type WorkspaceEntry,
  WorkspaceError,
} from "./workspace.ts";

/** Files being written are named so; `list` never shows them. */
const TEMP_PREFIX = ".ctg-upload-";

export interface LocalWorkspaceOptions {
  /** The workspace folder (`WORKSPACE_DIR`); created on the first write. */
  root: string;
}

/**
 * The workspace as a local folder. A new file is written under a temporary name in its folder
 * (opened with `wx`), then hard-linked to its name — `link` fails when the name is taken, so
 * nothing is ever overwritten, and an aborted write leaves nothing at the path. File ids are inode
 * numbers. Symbolic links inside the folder are followed as they are.
 */
export class LocalWorkspace implements Workspace {
  readonly kind = "local";
  readonly root: string;

  constructor(options: LocalWorkspaceOptions) {
    this.root = resolve(options.root);
  }

  async list(folder: string): Promise<WorkspaceEntry[]> {
    const segments = splitWorkspacePath(folder, { folder: true });
    const directory = this.#absolute(segments);
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return [];
      throw fsError(error, folder);
    }
    const entries: WorkspaceEntry[] = [];
    for (const name of names) {
      if (name.startsWith(TEMP_PREFIX)) continue;
      const info = await statOrNull(join(directory, name));
      if (info !== null) entries.push(toEntry([...segments, name].join("/"), name, info));
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(path: string): Promise<WorkspaceEntry | null> {
    const segments = splitWorkspacePath(path);
    const info = await statOrNull(this.#absolute(segments));
    return info === null ? null : toEntry(segments.join("/"), segments.at(-1) ?? "", info);
  }

  async ensureFolder(folder: string): Promise<void> {
    await this.#mkdirs(this.#absolute(splitWorkspacePath(folder, { folder: true })), folder);
  }

  async putNew(path: string, source: UploadSource, options: PutOptions = {}): Promise<StoredFile> {
    const segments = splitWorkspacePath(path);
    const target = this.#absolute(segments);
    options.signal?.throwIfAborted();
    await this.#mkdirs(dirname(target), path);
    if ((await statOrNull(target)) !== null) throw alreadyExists(path);

    const temp = join(dirname(target), `${TEMP_PREFIX}${randomUUID()}.part`);
    const report = progressReporter(source.size, options.onProgress);
    let input: Readable | undefined;
    try {
      input = source.open();
      const handle = await open(temp, "wx");
      let sent = 0;
      const bytes = exactBytes(input, source.size, (count) => {
        sent += count;
        report(sent);
      });
      const pipelineOptions = options.signal === undefined ? {} : { signal: options.signal };
      await pipeline(bytes, handle.createWriteStream({ flush: true }), pipelineOptions);
      try {
        await link(temp, target);
      } catch (error) {
        throw errorCode(error) === "EEXIST" ? alreadyExists(path) : error;
      }
      report(source.size);
      return await this.#stored(segments, target);
    } catch (error) {
      if (options.signal?.aborted === true) throw options.signal.reason;
      throw fsError(error, path);
    } finally {
      input?.destroy();
      await rm(temp, { force: true });
    }
  }

  async move(from: string, to: string): Promise<StoredFile> {
    const source = this.#absolute(splitWorkspacePath(from));
    const targetSegments = splitWorkspacePath(to);
    const target = this.#absolute(targetSegments);
    await this.#mkdirs(dirname(target), to);
    try {
      const info = await lstat(source);
      if (info.isDirectory()) {
        // A folder cannot be hard-linked: check then rename (not atomic against a concurrent writer).
        if ((await statOrNull(target)) !== null) throw alreadyExists(to);
        await rename(source, target);
      } else {
        try {
          await link(source, target);
        } catch (error) {
          throw errorCode(error) === "EEXIST" ? alreadyExists(to) : error;
        }
        await unlink(source);
      }
    } catch (error) {
      throw fsError(error, from);
    }
    return this.#stored(targetSegments, target);
  }

  async remove(path: string): Promise<void> {
    try {
      await rm(this.#absolute(splitWorkspacePath(path)), { recursive: true, force: true });
    } catch (error) {
      throw fsError(error, path);
    }
  }

  async read(path: string): Promise<Readable> {
    const absolute = this.#absolute(splitWorkspacePath(path));
    try {
      const handle = await open(absolute, "r");
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new WorkspaceError("not-found", `« ${path} » n'est pas un fichier.`);
      }
      return handle.createReadStream();
    } catch (error) {
      throw fsError(error, path);
    }
  }

  /** The `file://` URL of a workspace path. */
  urlOf(path: string): string {
    return pathToFileURL(this.#absolute(splitWorkspacePath(path, { folder: true }))).href;
  }

  #absolute(segments: readonly string[]): string {
    const absolute = join(this.root, ...segments);
    if (absolute !== this.root && !absolute.startsWith(this.root + sep)) {
      throw new WorkspaceError("invalid-name", `Chemin refusé « ${segments.join("/")} ».`);
    }
    return absolute;
  }

  async #mkdirs(directory: string, path: string): Promise<void> {
    try {
      await mkdir(directory, { recursive: true });
    } catch (error) {
      throw errorCode(error) === "EEXIST"
        ? new WorkspaceError("exists", `Un fichier occupe déjà la place du dossier de « ${path} ».`)
        : fsError(error, path);
    }
  }

  async #stored(segments: readonly string[], absolute: string): Promise<StoredFile> {
    const info = await stat(absolute, { bigint: true });
    return {
      path: segments.join("/"),
      fileId: info.ino.toString(),
      size: Number(info.size),
      url: pathToFileURL(absolute).href,
    };
  }
}

async function statOrNull(absolute: string): Promise<BigIntStats | null> {
  try {
    return await stat(absolute, { bigint: true });
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return null;
    throw fsError(error, absolute);
  }
}

function toEntry(path: string, name: string, info: BigIntStats): WorkspaceEntry {
  const folder = info.isDirectory();
  return {
    path,
    name,
    type: folder ? "folder" : "file",
    size: folder ? 0 : Number(info.size),
    fileId: info.ino.toString(),
  };
}

function alreadyExists(path: string): WorkspaceError {
  return new WorkspaceError("exists", `Le fichier « ${path} » existe déjà : il n'a pas été remplacé.`);
}

function errorCode(error: unknown): string | null {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return null;
}

/** A file-system error as a WorkspaceError; other errors (a faulty source…) pass through. */
function fsError(error: unknown, path: string): unknown {
  if (error instanceof WorkspaceError) return error;
  const code = errorCode(error);
  const options = { cause: error };
  switch (code) {
    case null:
      return error;
    case "ENOENT":
      return new WorkspaceError("not-found", `« ${path} » est introuvable.`, options);
    case "EEXIST":
      return alreadyExists(path);
    case "ENAMETOOLONG":
    case "EILSEQ":
    case "ENOTDIR":
    case "EINVAL":
      return new WorkspaceError(
        "invalid-name",
        `Nom refusé par le système de fichiers : « ${path} ».`,
        options,
      );
    case "ENOSPC":
    case "EDQUOT":
    case "EFBIG":
      return new WorkspaceError("too-large", `Plus de place pour écrire « ${path} ».`, options);
    default:
      return new WorkspaceError(
        "unavailable",
        `Le dossier de l'espace de travail refuse « ${path} » (${code}).`,
        options,
      );
  }
}
