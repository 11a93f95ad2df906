/** OCS (`/ocs/v2.php/cloud/user` and `…/capabilities`): JSON only, `OCS-APIRequest: true` required. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BasicAuth } from "./auth.ts";
import { HttpError } from "./errors.ts";
import { sendJson } from "./http.ts";

export async function handleOcs(
  auth: BasicAuth,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: "user" | "capabilities",
  url: URL,
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
      version: { major: 30, minor: 0, micro: 4, string: "30.0.4", edition: "", extendedSupport: false },
      capabilities: {
        core: { "webdav-root": "remote.php/webdav" },
        dav: { chunking: "1.0", bulkupload: "1.0" },
        files: { bigfilechunking: true },
      },
    }),
  );
}

function ocsEnvelope(status: string, statuscode: number, message: string, data: unknown) {
  return { ocs: { meta: { status, statuscode, message, totalitems: "", itemsperpage: "" }, data } };
}
