/**
 * Files users shared: file objects as Slack sends them in `file_share` events and files.info,
 * and their content at `url_private` / `url_private_download`
 * (`/files-pri/<team>-<file id>[/download]/<name>`). Like Slack, those URLs need
 * `Authorization: Bearer <token>`; without it (or with another token) Slack does not answer 401
 * but redirects to its sign-in page: the fake answers 302 to `/?redir=…`, where a 200
 * text/html sign-in page waits, so a client that follows redirects gets HTML instead of the file.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, type MethodHandler, stringArg } from "./api-args.ts";
import { bearerToken, sendText } from "./http.ts";
import type { SlackFile } from "./types.ts";
import type { Workspace } from "./workspace.ts";

const TYPES: Record<string, { mimetype: string; filetype: string }> = {
  pdf: { mimetype: "application/pdf", filetype: "pdf" },
  txt: { mimetype: "text/plain", filetype: "text" },
  md: { mimetype: "text/markdown", filetype: "markdown" },
  csv: { mimetype: "text/csv", filetype: "csv" },
  odt: { mimetype: "application/vnd.oasis.opendocument.text", filetype: "odt" },
  ods: { mimetype: "application/vnd.oasis.opendocument.spreadsheet", filetype: "ods" },
  docx: {
    mimetype: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    filetype: "docx",
  },
  xlsx: { mimetype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filetype: "xlsx" },
  png: { mimetype: "image/png", filetype: "png" },
  jpg: { mimetype: "image/jpeg", filetype: "jpg" },
  jpeg: { mimetype: "image/jpeg", filetype: "jpg" },
};

export interface NewFile {
  name: string;
  content: Buffer | string;
  mimetype?: string;
  user?: string;
  size?: number;
  title?: string;
}

export class FileStore {
  readonly #files = new Map<string, { file: SlackFile; content: Buffer }>();
  #count = 0;

  add(opts: NewFile, workspace: Workspace, baseUrl: string, nowMs: number): SlackFile {
    const id = `F0FAKE${String(++this.#count).padStart(4, "0")}`;
    const content = typeof opts.content === "string" ? Buffer.from(opts.content, "utf8") : opts.content;
    const extension = opts.name.includes(".") ? (opts.name.split(".").at(-1)?.toLowerCase() ?? "") : "";
    const known = TYPES[extension];
    const base = `${baseUrl}/files-pri/${workspace.teamId}-${id}`;
    const name = encodeURIComponent(opts.name);
    const created = Math.floor(nowMs / 1000);
    const file: SlackFile = {
      id,
      created,
      timestamp: created,
      name: opts.name,
      title: opts.title ?? opts.name,
      mimetype: opts.mimetype ?? known?.mimetype ?? "application/octet-stream",
      filetype: known?.filetype ?? (extension === "" ? "binary" : extension),
      pretty_type: extension === "" ? "Binary" : extension.toUpperCase(),
      user: opts.user ?? "U0FAKEUSER",
      user_team: workspace.teamId,
      editable: false,
      size: opts.size ?? content.length,
      mode: "hosted",
      is_external: false,
      external_type: "",
      is_public: false,
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      url_private: `${base}/${name}`,
      url_private_download: `${base}/download/${name}`,
      permalink: `https://${workspace.domain}.slack.com/files/${opts.user ?? "U0FAKEUSER"}/${id}/${name}`,
      permalink_public: `https://slack-files.com/${workspace.teamId}-${id}-0000000000`,
      has_rich_preview: false,
      file_access: "visible",
    };
    this.#files.set(id, { file, content });
    return file;
  }

  get(id: string): { file: SlackFile; content: Buffer } | undefined {
    return this.#files.get(id);
  }
}

export const filesInfo: MethodHandler = (ctx) => {
  const found = ctx.files.get(stringArg(ctx.args, "file") ?? "");
  if (found === undefined) throw new ApiError("file_not_found");
  return { file: found.file, comments: [], response_metadata: { next_cursor: "" } };
};

/**
 * GET/HEAD of `/files-pri/<team>-<id>[/download]/<name>`: the bytes with their Content-Length
 * (as an attachment on the download URL), or the redirect to sign in. Each attempt is recorded.
 */
export function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
  context: { files: FileStore; workspace: Workspace; baseUrl: string; downloads: SlackDownload[] },
): void {
  const [, owner = "", ...rest] = segments;
  const download = rest.length === 2 && rest[0] === "download";
  const prefix = `${context.workspace.teamId}-`;
  const found = owner.startsWith(prefix) ? context.files.get(owner.slice(prefix.length)) : undefined;
  if (found === undefined || (rest.length !== 1 && !download)) {
    sendText(res, 404, "<!DOCTYPE html><title>Slack</title><p>Fichier introuvable.</p>");
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(res, 405, "", { allow: "GET, HEAD" });
    return;
  }
  const authorized = bearerToken(req) === context.workspace.botToken;
  context.downloads.push({ fileId: found.file.id, authorized });
  if (!authorized) {
    const path = new URL(req.url ?? "/", "http://fake.invalid").pathname;
    sendText(res, 302, "", { location: `${context.baseUrl}/?redir=${encodeURIComponent(path)}` });
    return;
  }
  res.writeHead(200, {
    "content-type": found.file.mimetype,
    "content-length": found.content.length,
    ...(download
      ? { "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(found.file.name)}` }
      : {}),
  });
  res.end(req.method === "HEAD" ? undefined : found.content);
}

export interface SlackDownload {
  fileId: string;
  authorized: boolean;
}

/** Slack's sign-in page, where file URLs fetched without a token end up. */
export function signInPage(workspace: Workspace): string {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Connexion | Slack</title></head><body><h1>Connectez-vous à ${workspace.teamName}</h1><form action="/signin" method="post"><input name="email" type="email"><button>Se connecter</button></form></body></html>`;
}
