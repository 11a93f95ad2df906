/** OCS (`/ocs/v2.php/cloud/user` and `…/capabilities`): JSON only, `OCS-APIRequest: true` required. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BasicAuth } from "./auth.ts";
import { HttpError } from "./errors.ts";
import { sendJson } from "./http.ts";

/** `files.chunked_upload` of the capabilities (Nextcloud 31: ChunkedUploadConfig). */
export interface ChunkedUploadCapability {
  max_size: number;
  max_parallel_count: number;
}

/** Nextcloud's defaults: `files.chunked_upload.max_size` 100 MiB, `max_parallel_count` 5. */
export const DEFAULT_CHUNKED_UPLOAD: ChunkedUploadCapability = {
  max_size: 100 * 1024 * 1024,
  max_parallel_count: 5,
};

export async function handleOcs(
  auth: BasicAuth,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: "user" | "capabilities",
  url: URL,
  chunkedUpload: ChunkedUploadCapability | null,
): Promise<void> {
  req.resume();
  if (req.headers["ocs-apirequest"] !== "true") return sendJson(res, 412, { message: "CSRF check failed" });
  let user: string;
  try {
    user = auth.authenticate(req);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    return sendJson(res, status, ocsEnvelope("failure", 997, "Current user is not logged in", []));
  }
  if (url.searchParams.get("format") !== "json") return sendJson(res, 400, { message: "format=json only" });
  if (endpoint === "user") {
    return sendJson(
      res,
      200,
      ocsEnvelope("ok", 200, "OK", { enabled: true, id: user, "display-name": user, email: null }),
    );
  }
  return sendJson(
    res,
    200,
    ocsEnvelope("ok", 200, "OK", {
      version:
        chunkedUpload === null
          ? { major: 30, minor: 0, micro: 4, string: "30.0.4", edition: "", extendedSupport: false }
          : { major: 31, minor: 0, micro: 9, string: "31.0.9", edition: "", extendedSupport: false },
      capabilities: {
        core: { "webdav-root": "remote.php/webdav" },
        dav: { chunking: "1.0", bulkupload: "1.0" },
        files: {
          bigfilechunking: true,
          ...(chunkedUpload === null ? {} : { chunked_upload: chunkedUpload }),
        },
      },
    }),
  );
}

function ocsEnvelope(status: string, statuscode: number, message: string, data: unknown) {
  return { ocs: { meta: { status, statuscode, message, totalitems: "", itemsperpage: "" }, data } };
}
