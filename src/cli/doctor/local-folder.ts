import { access, constants, mkdir } from "node:fs/promises";
import type { Config } from "../../config/config.ts";
import { type Check, check } from "./checks.ts";

export async function checkWorkspace(config: Config): Promise<Check> {
  const name = "dossier local";
  if (config.NEXTCLOUD_URL) return check(name, "skipped", "Nextcloud est configuré.");
  try {
    await mkdir(config.WORKSPACE_DIR, { recursive: true });
    await access(config.WORKSPACE_DIR, constants.W_OK);
    return check(name, "ok", `${config.WORKSPACE_DIR} accessible en écriture.`);
  } catch (error) {
    return check(name, "error", `${config.WORKSPACE_DIR} : ${(error as Error).message}`);
  }
}
