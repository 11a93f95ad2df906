/** The URLs of one Nextcloud account: files, chunked uploads, OCS, and back from a DAV href. */
export class DavUrls {
  readonly baseUrl: string;
  /** `{base}/remote.php/dav/files/{user}` (no trailing slash). */
  readonly filesRoot: string;
  /** `{base}/remote.php/dav/uploads/{user}`. */
  readonly uploadsRoot: string;
  readonly #filesRootSegments: string[];

  constructor(baseUrl: string, user: string) {
    this.baseUrl = baseUrl;
    this.filesRoot = `${baseUrl}/remote.php/dav/files/${encodeURIComponent(user)}`;
    this.uploadsRoot = `${baseUrl}/remote.php/dav/uploads/${encodeURIComponent(user)}`;
    this.#filesRootSegments = decodedSegments(new URL(this.filesRoot).pathname) ?? [];
  }

  /** The URL of a file; each segment is percent-encoded (spaces, `#`, `%`, accents…). */
  file(segments: readonly string[]): string {
    return segments.length === 0 ? `${this.filesRoot}/` : `${this.filesRoot}/${encodePath(segments)}`;
  }

  /** The URL of a folder (with the trailing slash collections have). */
  folder(segments: readonly string[]): string {
    return segments.length === 0 ? `${this.filesRoot}/` : `${this.filesRoot}/${encodePath(segments)}/`;
  }

  /** An upload folder of chunked upload v2, or one of its chunks / its `.file`. */
  upload(uploadId: string, child?: string): string {
    const folder = `${this.uploadsRoot}/${encodeURIComponent(uploadId)}`;
    return child === undefined ? folder : `${folder}/${encodeURIComponent(child)}`;
  }

  ocs(path: string): string {
    return `${this.baseUrl}/ocs/v2.php/${path}`;
  }

  /** What the bot answers with on Nextcloud: the web UI link that follows the file when it moves. */
  fileLink(fileId: string): string {
    return `${this.baseUrl}/index.php/f/${encodeURIComponent(fileId)}`;
  }

  /** The workspace path of a `<d:href>` (absolute URL or path), or null when outside the files root. */
  pathOfHref(href: string): string | null {
    let pathname: string;
    try {
      pathname = new URL(href, this.filesRoot).pathname;
    } catch {
      return null;
    }
    const segments = decodedSegments(pathname);
    if (segments === null) return null;
    const root = this.#filesRootSegments;
    if (segments.length < root.length || root.some((segment, index) => segments[index] !== segment)) {
      return null;
    }
    return segments.slice(root.length).join("/");
  }
}

export function encodePath(segments: readonly string[]): string {
  return segments.map((segment) => encodeURIComponent(segment)).join("/");
}

function decodedSegments(pathname: string): string[] | null {
  try {
    return pathname
      .split("/")
      .filter((segment) => segment !== "")
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}
