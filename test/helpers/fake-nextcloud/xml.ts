/** The XML of the fake: PROPFIND requests in, multistatus and Sabre error bodies out, Sabre's href encoding. */
import { XMLParser } from "fast-xml-parser";
import { badRequest } from "./errors.ts";

export const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n';

/** The prefixes Nextcloud uses for the namespaces it knows. */
const NS: Record<string, string> = {
  "DAV:": "d",
  "http://owncloud.org/ns": "oc",
  "http://nextcloud.org/ns": "nc",
};

/** A property as `"{namespace} {local}"` (`"DAV: getetag"`), and its value: null when the entry has none. */
export type PropValues = Record<string, string | null>;

export const DEFAULT_PROPS = [
  "DAV: resourcetype",
  "DAV: getlastmodified",
  "DAV: getetag",
  "DAV: getcontentlength",
  "DAV: getcontenttype",
];

/** The props asked for as `"{namespace} {local}"`, or null for allprop / an empty body. */
export function parsePropfind(body: string): string[] | null {
  if (body.trim() === "") return null;
  const tree: unknown = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" }).parse(body);
  const root = findChild(tree, "propfind");
  if (root === null) throw badRequest("The root element must be propfind");
  const namespaces = new Map<string, string>();
  const collect = (node: object) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === "@_xmlns" && typeof value === "string") namespaces.set("", value);
      if (key.startsWith("@_xmlns:") && typeof value === "string") namespaces.set(key.slice(8), value);
    }
  };
  collect(root);
  const prop = findChild(root, "prop");
  if (prop === null) return null;
  collect(prop);
  return Object.keys(prop)
    .filter((key) => !key.startsWith("@_"))
    .map((key) => {
      const [prefix, local] = key.includes(":") ? key.split(":", 2) : ["", key];
      return `${namespaces.get(prefix ?? "") ?? ""} ${local}`;
    });
}

function findChild(node: unknown, local: string): Record<string, unknown> | null {
  if (typeof node !== "object" || node === null) return null;
  for (const [key, value] of Object.entries(node)) {
    if (key === local || key.endsWith(`:${local}`)) {
      if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value));
      return {};
    }
  }
  return null;
}

/**
 * One `<d:response>`: the props found in a 200 propstat, those asked for but missing in a 404 one
 * (with `wanted` null — allprop — only the default props, missing ones left out).
 */
export function multistatusResponse(href: string, values: PropValues, wanted: string[] | null): string {
  const found: string[] = [];
  const missing: string[] = [];
  (wanted ?? DEFAULT_PROPS).forEach((key, index) => {
    const [ns = "", local = ""] = key.split(" ");
    const prefix = NS[ns];
    const tag = prefix === undefined ? `x${index}:${local}` : `${prefix}:${local}`;
    const declaration = prefix === undefined ? ` xmlns:x${index}="${escapeXml(ns)}"` : "";
    const value = values[key];
    if (value === undefined || value === null) {
      if (wanted !== null) missing.push(`<${tag}${declaration}/>`);
    } else {
      found.push(value === "" ? `<${tag}/>` : `<${tag}>${value}</${tag}>`);
    }
  });
  return (
    `<d:response><d:href>${escapeXml(href)}</d:href>` +
    (found.length > 0
      ? `<d:propstat><d:prop>${found.join("")}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>`
      : "") +
    (missing.length > 0
      ? `<d:propstat><d:prop>${missing.join("")}</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>`
      : "") +
    "</d:response>"
  );
}

export function multistatus(responses: readonly string[]): string {
  return `${XML_HEADER}<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">${responses.join("")}</d:multistatus>\n`;
}

/** Sabre's `<d:error>`; Nextcloud adds an `<o:hint>` to its 429. */
export function sabreErrorBody(exception: string, message: string, tooManyRequests: boolean): string {
  const hint = tooManyRequests ? '<o:hint xmlns:o="http://owncloud.org/ns">too many requests</o:hint>' : "";
  return `${XML_HEADER}<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">\n  <s:exception>${escapeXml(exception)}</s:exception>\n  <s:message>${escapeXml(message)}</s:message>\n${hint}</d:error>\n`;
}

/** Sabre\HTTP\encodePath: everything but `A-Za-z0-9_-.~()/:@` percent-encoded, lowercase hex. */
export function sabreEncode(segment: string): string {
  return [...Buffer.from(segment, "utf8")]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_\-.~():@]/.test(char) && byte < 128
        ? char
        : `%${byte.toString(16).padStart(2, "0")}`;
    })
    .join("");
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
