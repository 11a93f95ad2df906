/**
 * A real Apache httpd with mod_dav/mod_dav_fs, started by the test run on a free loopback port with
 * a generated configuration in a temporary folder (Basic auth with an htpasswd in `{SHA}` format),
 * so that `/remote.php/dav/files/{user}/` behaves like plain WebDAV. Stopped by `close()`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const APACHE_BINARY = "/usr/sbin/apache2";
const MODULES_DIR = "/usr/lib/apache2/modules";
const MODULES: [string, string][] = [
  ["mpm_event_module", "mod_mpm_event.so"],
  ["authz_core_module", "mod_authz_core.so"],
  ["authz_user_module", "mod_authz_user.so"],
  ["authn_core_module", "mod_authn_core.so"],
  ["authn_file_module", "mod_authn_file.so"],
  ["auth_basic_module", "mod_auth_basic.so"],
  ["dav_module", "mod_dav.so"],
  ["dav_fs_module", "mod_dav_fs.so"],
];

/** Why Apache cannot run here (binary or module missing), or null when it can. */
export function apacheUnavailableReason(): string | null {
  if (!existsSync(APACHE_BINARY)) return `${APACHE_BINARY} is not installed`;
  for (const [, file] of MODULES) {
    if (!existsSync(join(MODULES_DIR, file))) return `${join(MODULES_DIR, file)} is missing`;
  }
  return null;
}

/**
 * Apache runs under this shell so that it never outlives the process that started it, however that
 * one ends (even killed, when no 'exit' handler runs): the shell keeps the pipe from us as fd 3 and
 * stops Apache (SIGTERM) when it reads end-of-file there — when we close it, or die. It prints
 * Apache's pid first, for a SIGKILL if Apache does not stop. `$0 "$@"` is the Apache command line.
 */
const WATCHDOG = [
  "exec 3<&0",
  '"$0" "$@" 3<&- </dev/null &',
  "apache=$!",
  'echo "$apache"',
  '(read -r _ <&3; kill -TERM "$apache" 2>/dev/null) &',
  'wait "$apache"',
].join("\n");

export interface ApacheWebdav {
  baseUrl: string;
  user: string;
  password: string;
  /** The user's files on disk (what `/remote.php/dav/files/{user}/` serves). */
  filesDir: string;
  /** Every file and folder on disk under the user's files (temporary files included). */
  diskTree(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startApacheWebdav(
  options: { user?: string; password?: string } = {},
): Promise<ApacheWebdav> {
  const user = options.user ?? "alice";
  const password = options.password ?? "app-password-alice";
  const dir = await mkdtemp(join(tmpdir(), "apache-webdav-"));
  const docroot = join(dir, "htdocs");
  const filesDir = join(docroot, "remote.php", "dav", "files", user);
  await mkdir(filesDir, { recursive: true });
  await mkdir(join(dir, "run"));
  const sha = createHash("sha1").update(password).digest("base64");
  await writeFile(join(dir, "htpasswd"), `${user}:{SHA}${sha}\n`);

  // Apache refuses to serve as root: its workers switch to an unprivileged user, who must own the tree.
  const runAs = process.getuid?.() === 0 ? await unprivilegedUser() : null;
  if (runAs !== null) await chownTree(dir, runAs.uid, runAs.gid);

  const port = await freePort();
  const conf = [
    `ServerRoot "${dir}"`,
    "ServerName 127.0.0.1",
    `Listen 127.0.0.1:${port}`,
    `PidFile "${join(dir, "run", "httpd.pid")}"`,
    `ErrorLog "${join(dir, "run", "error.log")}"`,
    "LogLevel warn",
    ...(runAs === null ? [] : [`User ${runAs.name}`, `Group #${runAs.gid}`]),
    ...MODULES.map(([name, file]) => `LoadModule ${name} "${join(MODULES_DIR, file)}"`),
    "KeepAlive On",
    "LimitRequestBody 0",
    `DavLockDB "${join(dir, "run", "davlock")}"`,
    `DocumentRoot "${docroot}"`,
    `<Directory "${docroot}">`,
    "  Dav On",
    "  AuthType Basic",
    '  AuthName "webdav"',
    `  AuthUserFile "${join(dir, "htpasswd")}"`,
    "  Require valid-user",
    "</Directory>",
    "",
  ].join("\n");
  const confFile = join(dir, "httpd.conf");
  await writeFile(confFile, conf);

  const child = spawn("/bin/sh", ["-c", WATCHDOG, APACHE_BINARY, "-f", confFile, "-DFOREGROUND"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const apache: { pid: number | null } = { pid: null };
  child.stdout?.on("data", (chunk: Buffer) => {
    const pid = Number.parseInt(chunk.toString("utf8"), 10);
    if (apache.pid === null && Number.isSafeInteger(pid) && pid > 0) apache.pid = pid;
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(baseUrl, child);
  } catch (error) {
    await stop(child, apache.pid, 0);
    const log = await readFile(join(dir, "run", "error.log"), "utf8").catch(() => "");
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Apache did not start: ${String(error)}\n${stderr}\n${log}`);
  }

  return {
    baseUrl,
    user,
    password,
    filesDir,
    async diskTree() {
      return (await readdir(filesDir, { recursive: true })).sort();
    },
    async close() {
      await stop(child, apache.pid, 5_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAnswering(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`apache2 exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/`, { method: "OPTIONS" });
      await response.body?.cancel();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Closes the watchdog's pipe (the shell then stops Apache with SIGTERM and exits once it has);
 * after `graceMs`, Apache and the shell are killed.
 */
async function stop(child: ChildProcess, apachePid: number | null, graceMs: number): Promise<void> {
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.end();
  const kill = () => {
    if (apachePid !== null) {
      try {
        process.kill(apachePid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    child.kill("SIGKILL");
  };
  const timer = setTimeout(kill, graceMs);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** `www-data` (Debian) or `nobody`, from /etc/passwd. */
async function unprivilegedUser(): Promise<{ name: string; uid: number; gid: number }> {
  const passwd = await readFile("/etc/passwd", "utf8");
  for (const name of ["www-data", "daemon", "nobody"]) {
    const fields = passwd
      .split("\n")
      .find((line) => line.startsWith(`${name}:`))
      ?.split(":");
    if (fields !== undefined && fields[2] !== undefined && fields[3] !== undefined) {
      return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
    }
  }
  throw new Error("no unprivileged user to run Apache as");
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { recursive: true })) await chown(join(dir, entry), uid, gid);
}
