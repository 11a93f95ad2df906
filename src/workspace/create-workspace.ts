import type { Config } from "../config/config.ts";
import { LocalWorkspace } from "./local-workspace.ts";
import { NextcloudWorkspace } from "./nextcloud/nextcloud-workspace.ts";
import type { Workspace } from "./workspace.ts";

/** Nextcloud when NEXTCLOUD_URL is set (the config checks the user and app password come with it), else the local folder. */
export function createWorkspace(config: Config): Workspace {
  if (config.NEXTCLOUD_URL && config.NEXTCLOUD_USER && config.NEXTCLOUD_APP_PASSWORD) {
    return new NextcloudWorkspace({
      baseUrl: config.NEXTCLOUD_URL,
      user: config.NEXTCLOUD_USER,
      appPassword: config.NEXTCLOUD_APP_PASSWORD,
    });
  }
  return new LocalWorkspace({ root: config.WORKSPACE_DIR });
}
