import type { PrismaClient } from "../generated/prisma/client.ts";
import type { MetricsSource } from "../ops/metrics.ts";

/** The figures /metrics reads from the database, the same on every replica. */
export function prismaMetricsSource(prisma: PrismaClient): MetricsSource {
  return {
    async outboxByStatus() {
      const rows = await prisma.outboxItem.groupBy({ by: ["status"], _count: { _all: true } });
      return rows.map((r) => ({ status: r.status, count: r._count._all }));
    },
    async oldestDueOutbox(now) {
      const oldest = await prisma.outboxItem.findFirst({
        where: { status: { in: ["pending", "sending"] }, dueAt: { lte: now } },
        orderBy: { dueAt: "asc" },
        select: { dueAt: true },
      });
      return oldest?.dueAt ?? null;
    },
    async filedByStatus() {
      const rows = await prisma.filedDocument.groupBy({ by: ["status"], _count: { _all: true } });
      return rows.map((r) => ({ status: r.status, count: r._count._all }));
    },
  };
}
