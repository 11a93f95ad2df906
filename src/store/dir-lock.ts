import { open, readFile, rm } from "node:fs/promises";
import path from "node:path";

export interface DirLock {
  release(): Promise<void>;
}

/**
 * PGlite is single-process: a second process opening the same data folder would corrupt it.
 * A lock file holding the owner's PID keeps a second `npm start` out, and a stale lock left by
 * a crashed process is taken over.
 */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const file = path.join(dir, "ctg-bot.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
      // Our own PID: this process already opened the folder (a second open would corrupt it too).
      if (Number.isInteger(owner) && (owner === process.pid || isAlive(owner))) {
        throw new Error(
          `La base embarquée ${dir} est déjà utilisée par le processus ${owner}. Arrêtez-le, ou utilisez PostgreSQL (DATABASE_URL) pour lancer plusieurs processus.`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`Impossible de verrouiller ${dir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
