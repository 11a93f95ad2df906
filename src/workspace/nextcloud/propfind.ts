import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import type { WorkspaceEntry } from "../workspace.ts";
import type { NextcloudFlavour } from "./options.ts";
import type { DavUrls } from "./urls.ts";

/** What we ask for: the type and size, and on Nextcloud the file id (`oc:size` sizes folders). */
export function propfindBody(flavour: NextcloudFlavour): string {
  const nextcloud = flavour === "nextcloud" ? "<oc:fileid/><oc:size/>" : "";
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">' +
    `<d:prop><d:resourcetype/><d:getcontentlength/>${nextcloud}</d:prop></d:propfind>`
  );
}

// Namespace prefixes are dropped (`d:`, `D:`, `lp1:`, `oc:`, `ns1:`… all vary between servers): we
// only read properties we asked for, whose local names do not collide.
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "response" || name === "propstat",
});

const propSchema = z
  .object({
    resourcetype: z.union([z.string(), z.object({ collection: z.unknown().optional() }).loose()]).optional(),
    getcontentlength: z.string().optional(),
    fileid: z.string().optional(),
    size: z.string().optional(),
  })
  .loose();

const multistatusSchema = z.object({
  multistatus: z.union([
    z.literal(""),
    z
      .object({
        response: z
          .array(
            z
              .object({
                href: z.string(),
                propstat: z
                  .array(
                    z
                      .object({
                        prop: z.union([z.literal(""), z.record(z.string(), z.unknown())]).optional(),
                        status: z.string(),
                      })
                      .loose(),
                  )
                  .optional(),
              })
              .loose(),
          )
          .optional(),
      })
      .loose(),
  ]),
});

export class MultistatusError extends Error {
  constructor(reason: string) {
    super(`Réponse PROPFIND illisible : ${reason}.`);
    this.name = "MultistatusError";
  }
}

/**
 * Each response of a 207 Multi-Status answer: its href and the properties of its successful
 * (2xx) propstats. The one reader of PROPFIND answers (the workspace and `doctor`).
 */
export function readMultistatus(xml: string): { href: string; props: Record<string, unknown> }[] {
  let tree: unknown;
  try {
    tree = parser.parse(xml);
  } catch (error) {
    throw new MultistatusError(error instanceof Error ? error.message : "XML invalide");
  }
  const parsed = multistatusSchema.safeParse(tree);
  if (!parsed.success) throw new MultistatusError(parsed.error.issues[0]?.message ?? "forme inattendue");
  if (parsed.data.multistatus === "") return [];
  return (parsed.data.multistatus.response ?? []).map((response) => {
    const props: Record<string, unknown> = {};
    for (const propstat of response.propstat ?? []) {
      if (!/^HTTP\/\d(\.\d)? 2\d\d\b/.test(propstat.status) || typeof propstat.prop !== "object") continue;
      Object.assign(props, propstat.prop);
    }
    return { href: response.href, props };
  });
}

/** The entries of a 207 Multi-Status answer, their hrefs turned back into workspace paths. */
export function parseMultistatus(xml: string, urls: DavUrls): WorkspaceEntry[] {
  const entries: WorkspaceEntry[] = [];
  for (const response of readMultistatus(xml)) {
    const path = urls.pathOfHref(response.href);
    if (path === null) continue;
    const read = propSchema.safeParse(response.props);
    if (!read.success) throw new MultistatusError(read.error.issues[0]?.message ?? "propriétés inattendues");
    const props = read.data;
    const folder = typeof props.resourcetype === "object" && props.resourcetype.collection !== undefined;
    const size = folder ? (props.size ?? props.getcontentlength) : (props.getcontentlength ?? props.size);
    entries.push({
      path,
      name: path.split("/").at(-1) ?? "",
      type: folder ? "folder" : "file",
      size: size !== undefined && /^\d+$/.test(size) ? Number(size) : 0,
      fileId: props.fileid !== undefined && props.fileid !== "" ? props.fileid : null,
    });
  }
  return entries;
}
