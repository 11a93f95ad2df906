import type { Readable } from "node:stream";
import { progressReporter } from "../byte-stream.ts";
import { splitWorkspacePath } from "../paths.ts";
import {
  type PutOptions,
  type StoredFile,
  type UploadSource,
  type Workspace,
  type WorkspaceEntry,
  WorkspaceError,
} from "../workspace.ts";
import {
  type ChunkedUploadLimits,
  type ChunkPlan,
  chunkPlan,
  readChunkedUploadLimits,
} from "./chunk-plan.ts";
import { putChunked } from "./chunked-upload.ts";
import { type ConnectionCheck, checkOcsUser, connectionFailure } from "./connection-check.ts";
import { DavClient } from "./dav-client.ts";
import { DavHttp } from "./http.ts";
import {
  type NextcloudFlavour,
  type NextcloudWorkspaceOptions,
  type ResolvedOptions,
  resolveOptions,
} from "./options.ts";
import { parseMultistatus, propfindBody } from "./propfind.ts";
import { withRetry } from "./retry.ts";
import { putWhole, type UploadContext, type Uploaded, type UploadJob } from "./upload.ts";
import { DavUrls } from "./urls.ts";

export type { ConnectionCheck } from "./connection-check.ts";

const LIMITS_TTL_MS = 3_600_000;
const LIMITS_RETRY_MS = 300_000;

/**
 * The workspace in a Nextcloud account over WebDAV (app password, Basic auth), or on any plain
 * WebDAV server with `flavour: "webdav"`. Nothing is ever overwritten: PUT carries
 * `If-None-Match: *`, MOVE `Overwrite: F`. Files above the threshold go through chunked upload v2.
 * See docs/workspace.md.
 */
export class NextcloudWorkspace implements Workspace {
  readonly kind = "nextcloud";
  readonly flavour: NextcloudFlavour;
  readonly #options: ResolvedOptions;
  readonly #urls: DavUrls;
  readonly #dav: DavClient;
  readonly #http: DavHttp;
  readonly #propfind: string;
  /** The server's chunked-upload limits as last read, and until when they are trusted. */
  #limits: { value: ChunkedUploadLimits | null; until: number } | null = null;

  constructor(options: NextcloudWorkspaceOptions) {
    this.#options = resolveOptions(options);
    this.flavour = this.#options.flavour;
    this.#urls = new DavUrls(this.#options.baseUrl, this.#options.user);
    this.#dav = new DavClient(this.#urls.filesRoot, this.#options);
    this.#http = new DavHttp(this.#options);
    this.#propfind = propfindBody(this.flavour);
  }

  async list(folder: string): Promise<WorkspaceEntry[]> {
    const segments = splitWorkspacePath(folder, { folder: true });
    const self = segments.join("/");
    const xml = await this.#retry(() =>
      this.#dav.propfind(segments, 1, this.#propfind, `le dossier « ${self} »`),
    );
    if (xml === null) return [];
    return parseMultistatus(xml, this.#urls)
      .filter((entry) => entry.path !== self)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(path: string): Promise<WorkspaceEntry | null> {
    const segments = splitWorkspacePath(path);
    const self = segments.join("/");
    const xml = await this.#retry(() => this.#dav.propfind(segments, 0, this.#propfind, `« ${self} »`));
    if (xml === null) return null;
    const entries = parseMultistatus(xml, this.#urls);
    return entries.find((entry) => entry.path === self) ?? entries[0] ?? null;
  }

  async ensureFolder(folder: string): Promise<void> {
    await this.#ensureFolder(splitWorkspacePath(folder, { folder: true }));
  }

  async putNew(path: string, source: UploadSource, options: PutOptions = {}): Promise<StoredFile> {
    const segments = splitWorkspacePath(path);
    const parent = segments.slice(0, -1);
    const job: UploadJob = {
      segments,
      source,
      report: progressReporter(source.size, options.onProgress),
      signal: options.signal,
      what: `le fichier « ${path} »`,
    };
    options.signal?.throwIfAborted();
    let uploaded: Uploaded;
    const plan =
      this.flavour === "nextcloud" && source.size > this.#options.chunkThresholdBytes
        ? await this.#chunkPlan()
        : ({ chunked: false } as const);
    if (plan.chunked) {
      // The final MOVE needs the folder; and a taken name is better known before sending it all.
      await this.#ensureFolder(parent);
      if ((await this.stat(path)) !== null) throw exists(path);
      uploaded = await putChunked(this.#context(), job, plan);
    } else {
      try {
        uploaded = await putWhole(this.#context(), job);
      } catch (error) {
        if (!(error instanceof WorkspaceError && error.status === 409 && parent.length > 0)) throw error;
        await this.#ensureFolder(parent);
        uploaded = await putWhole(this.#context(), job);
      }
    }
    job.report(source.size);
    return this.#stored(segments, source.size, uploaded.fileId);
  }

  async move(from: string, to: string): Promise<StoredFile> {
    const fromSegments = splitWorkspacePath(from);
    const toSegments = splitWorkspacePath(to);
    // The folder first: Apache answers a MOVE into a missing folder with 500, not RFC 4918's 409.
    await this.#ensureFolder(toSegments.slice(0, -1));
    try {
      await this.#retry(() => this.#dav.move(fromSegments, toSegments, `le fichier « ${from} »`));
    } catch (error) {
      throw error instanceof WorkspaceError && error.code === "exists" ? exists(to, error.status) : error;
    }
    const entry = await this.stat(to);
    if (entry === null)
      throw new WorkspaceError("not-found", `« ${to} » est introuvable après son déplacement.`);
    return this.#stored(toSegments, entry.size, entry.fileId);
  }

  async remove(path: string): Promise<void> {
    const segments = splitWorkspacePath(path);
    await this.#retry(() => this.#dav.delete(segments, `« ${path} »`));
  }

  async read(path: string): Promise<Readable> {
    const segments = splitWorkspacePath(path);
    const response = await this.#retry(() =>
      this.#http.send({ method: "GET", url: this.#urls.file(segments), what: `le fichier « ${path} »` }),
    );
    return response.stream();
  }

  /**
   * Checks the URL and the app password at start-up: OCS `cloud/user` on Nextcloud (which also
   * says whose password it is), a PROPFIND of the root on plain WebDAV. Never retried.
   */
  async checkConnection(): Promise<ConnectionCheck> {
    const { user, baseUrl } = this.#options;
    if (this.flavour === "nextcloud") return checkOcsUser(this.#http, this.#urls, user);
    try {
      const root = await this.#dav.propfind([], 0, this.#propfind, "la racine des fichiers");
      if (root === null) {
        return {
          ok: false,
          code: "not-found",
          message: `Aucun dossier WebDAV à l'adresse ${this.#urls.filesRoot}/ : vérifiez NEXTCLOUD_URL et NEXTCLOUD_USER.`,
        };
      }
      return { ok: true, user };
    } catch (error) {
      if (error instanceof WorkspaceError) return connectionFailure(error, baseUrl, user);
      throw error;
    }
  }

  /** MKCOL from the deepest folder up: 405 means it exists, 409 that its parent must come first. */
  async #ensureFolder(segments: readonly string[]): Promise<void> {
    if (segments.length === 0) return;
    const what = `le dossier « ${segments.join("/")} »`;
    const mkcol = () => this.#retry(() => this.#dav.mkcol(segments, what));
    if ((await mkcol()) !== "parent-missing") return;
    await this.#ensureFolder(segments.slice(0, -1));
    if ((await mkcol()) === "parent-missing") {
      throw new WorkspaceError("not-found", `Impossible de créer ${what} : son dossier parent manque.`, {
        status: 409,
      });
    }
  }

  /** The stored file; on Nextcloud its `oc:fileid` (header, else PROPFIND) gives the `/index.php/f/` link. */
  async #stored(segments: readonly string[], size: number, fileId: string | null): Promise<StoredFile> {
    const path = segments.join("/");
    if (this.flavour === "webdav") return { path, fileId: null, size, url: this.#urls.file(segments) };
    let id = fileId;
    if (id === null) {
      try {
        id = (await this.stat(path))?.fileId ?? null;
      } catch {
        // the file is in place; only its link is missing
      }
    }
    return { path, fileId: id, size, url: id === null ? this.#urls.file(segments) : this.#urls.fileLink(id) };
  }

  /**
   * How a large file goes up (chunk-plan.ts). The server's limits are read once an hour (an
   * administrator may change them), or again after 5 minutes if they could not be read.
   */
  async #chunkPlan(): Promise<ChunkPlan> {
    const { chunkSizeBytes, chunkConcurrency } = this.#options;
    if (chunkSizeBytes !== null && chunkConcurrency !== null) {
      return chunkPlan({ chunkSizeBytes, chunkConcurrency }, null);
    }
    const now = this.#options.now();
    if (this.#limits === null || now >= this.#limits.until) {
      const value = await readChunkedUploadLimits(this.#http, this.#urls);
      this.#limits = { value, until: now + (value === null ? LIMITS_RETRY_MS : LIMITS_TTL_MS) };
    }
    return chunkPlan({ chunkSizeBytes, chunkConcurrency }, this.#limits.value);
  }

  #context(): UploadContext {
    return { http: this.#http, urls: this.#urls, options: this.#options };
  }

  #retry<T>(attempt: () => Promise<T>): Promise<T> {
    return withRetry(this.#options, attempt);
  }
}

function exists(path: string, status: number | null = 412): WorkspaceError {
  return new WorkspaceError(
    "exists",
    `Le fichier « ${path} » existe déjà dans Nextcloud : il n'a pas été remplacé.`,
    {
      status,
    },
  );
}
