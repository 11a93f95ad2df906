import { createHash } from "node:crypto";
import type { App } from "./app.ts";
import { MatrixAdapter, type MatrixAdapterOptions } from "./chat/matrix/matrix-adapter.ts";
import type { Config } from "./config/config.ts";
import { PrismaMatrixStorage } from "./store/prisma-matrix-storage.ts";
import { electLeader } from "./store/sync-leader.ts";

/** The Matrix adapter of a configured app (MATRIX_HOMESERVER_URL set); null when Matrix is not configured. */
export function createMatrixAdapter(
  config: Config,
  app: App,
  options: {
    clock: () => Date;
    onInternalError: (error: unknown) => void;
    overrides?: Partial<MatrixAdapterOptions>;
  },
): MatrixAdapter | null {
  if (config.MATRIX_HOMESERVER_URL === undefined || config.MATRIX_ACCESS_TOKEN === undefined) return null;
  // One storage per account: the token's hash names it (the user id is only known after whoami).
  const account = createHash("sha256").update(config.MATRIX_ACCESS_TOKEN).digest("hex").slice(0, 16);
  return new MatrixAdapter({
    homeserverUrl: config.MATRIX_HOMESERVER_URL,
    accessToken: config.MATRIX_ACCESS_TOKEN,
    storage: new PrismaMatrixStorage(app.db.prisma, account),
    // The running bot passes its own (with logging and metrics); tests and tools get a plain one.
    pipeline:
      options.overrides?.pipeline ?? app.pipeline({ onInternalError: options.onInternalError }).pipeline,
    allowedInviters: config.MATRIX_ALLOWED_INVITERS,
    clock: options.clock,
    onInternalError: options.onInternalError,
    // Several processes on PostgreSQL: one syncs, elected by an advisory lock; the embedded
    // database has one process.
    ...(config.DATABASE_URL !== undefined
      ? { leader: (callbacks) => electLeader({ url: config.DATABASE_URL ?? "", name: account }, callbacks) }
      : {}),
    ...options.overrides,
  });
}
