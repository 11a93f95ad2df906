/**
 * The content repository: upload (`POST /_matrix/media/v3/upload`, still the only one in v1.11),
 * authenticated download (`/_matrix/client/v1/media/download/…`, v1.11, 401 without a token) when
 * the server has it, and the deprecated unauthenticated `/_matrix/media/v3/download/…` — frozen
 * (404 `M_NOT_FOUND` for media uploaded after the freeze) or not.
 */
import { notFound } from "./errors.ts";
import { contentDisposition, type StoredMedia } from "./media-store.ts";
import { type Ctx, type Route, route } from "./routes.ts";

export interface MediaOptions {
  legacyMedia: "allowed" | "frozen";
  authenticatedMedia: boolean;
}

const SEGMENT = "([^/]+)";
const DOWNLOAD = `${SEGMENT}/${SEGMENT}(?:/${SEGMENT})?$`;

export function mediaRoutes(options: MediaOptions): Route[] {
  const routes = [
    route("POST", /^\/_matrix\/media\/v3\/upload$/, upload),
    route(
      "GET",
      new RegExp(`^/_matrix/media/v3/download/${DOWNLOAD}`),
      (ctx, [server = "", id = "", name = ""]) => {
        const media = ctx.media.get(server, id);
        if (media === undefined || (options.legacyMedia === "frozen" && !media.beforeFreeze)) {
          throw notFound("Not found");
        }
        return serve(ctx, media, name);
      },
    ),
  ];
  if (options.authenticatedMedia) {
    routes.push(
      route(
        "GET",
        new RegExp(`^/_matrix/client/v1/media/download/${DOWNLOAD}`),
        (ctx, [server = "", id = "", name = ""]) => {
          ctx.caller();
          const media = ctx.media.get(server, id);
          if (media === undefined) throw notFound("Not found");
          return serve(ctx, media, name);
        },
      ),
      route("GET", /^\/_matrix\/client\/v1\/media\/config$/, (ctx) => {
        ctx.caller();
        ctx.exchange.json(200, { "m.upload.size": 50 * 1024 * 1024 });
      }),
    );
  }
  return routes;
}

/** The body is the file; its type from `Content-Type` (octet-stream without one), its name from `?filename=`. */
function upload(ctx: Ctx): void {
  const { userId } = ctx.caller();
  const fileName = ctx.url.searchParams.get("filename");
  const contentUri = ctx.media.add({
    bytes: ctx.body,
    contentType: ctx.exchange.req.headers["content-type"] ?? "application/octet-stream",
    fileName: fileName === null || fileName === "" ? null : fileName,
    uploader: userId,
    beforeFreeze: false,
  });
  ctx.exchange.json(200, { content_uri: contentUri });
}

/** Content-Type, Content-Length, Content-Disposition (the name asked for in the path, else the upload's). */
function serve(ctx: Ctx, media: StoredMedia, fileName: string): Promise<void> {
  return ctx.exchange.bytes(200, media.bytes, {
    "content-type": media.contentType,
    "content-disposition": contentDisposition(media.contentType, fileName === "" ? media.fileName : fileName),
    "content-security-policy":
      "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; object-src 'self';",
    "cross-origin-resource-policy": "cross-origin",
  });
}
