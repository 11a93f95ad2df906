import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../store/database.ts";
import { purgeExpired } from "../store/retention.ts";
import type { CliIo } from "./io.ts";

/**
 * `ctg-bot purger [--json]`: deletes once what is older than the retention settings
 * (AUDIT_RETENTION_DAYS, OUTBOX_RETENTION_DAYS) — for a cron job on a plain server.
 */
export async function purgerCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: { json: { type: "boolean", default: false } },
  });
  const config = loadConfig(process.env);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const report = await purgeExpired(db.prisma, new Date(), {
      auditRetentionDays: config.AUDIT_RETENTION_DAYS,
      outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
    });
    if (values.json) {
      io.out(JSON.stringify(report));
      return 0;
    }
    io.err(
      `Journal d'audit : ${report.audit} entrée(s) de plus de ${config.AUDIT_RETENTION_DAYS} jours supprimée(s).`,
    );
    io.err(
      `Rappels : ${report.outbox} rappel(s) de plus de ${config.OUTBOX_RETENTION_DAYS} jours supprimé(s), ${report.outboxCompacted} réduit(s) à leur clé (une échéance reportée ne doit pas les renvoyer).`,
    );
    io.err(`Évènements de messagerie mémorisés : ${report.chatEvents} de plus d'une semaine supprimé(s).`);
    return 0;
  } finally {
    await db.close();
  }
}
