/**
 * An in-process fake Nextcloud on node:http (127.0.0.1, port 0) that stores files on disk in a
 * temporary folder, streaming both ways, and answers with Nextcloud's status codes, headers and
 * Sabre error bodies: Basic auth with brute-force throttling, WebDAV (PROPFIND multistatus with
 * `d:`/`oc:`/`nc:` namespaces, PUT with `If-None-Match`, MKCOL 405/409, MOVE with `Overwrite`),
 * `X-NC-WebDAV-Auto-Mkcol`, chunked upload v2, the OCS `cloud/user` and `cloud/capabilities`
 * endpoints, fault injection and a record of requests. Differences from a real Nextcloud are listed
 * in docs/workspace.md.
 *
 * server.ts starts it and routes requests; auth.ts, dav.ts, chunked-uploads.ts, ocs.ts and
 * faults.ts handle one concern each, on top of storage.ts (the disk), xml.ts, http.ts and errors.ts.
 */
export type { Fault, FaultOptions } from "./faults.ts";
export {
  type FakeNextcloud,
  type FakeNextcloudOptions,
  type RecordedRequest,
  startFakeNextcloud,
} from "./server.ts";
export { INSTANCE_ID } from "./storage.ts";
