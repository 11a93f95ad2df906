import { z } from "zod";
import type { Correction, DocumentType } from "../domain/filing/types.ts";
import { DOCUMENT_TYPES, INSTANCE_KINDS } from "../domain/filing/types.ts";
import type {
  ChannelDefaults,
  FiledDocument,
  FilingRepository,
  NewFiledDocument,
} from "../domain/filing-repository.ts";
import { dateToIso, isoToDate } from "../domain/time/zoned.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

type Row = Prisma.FiledDocumentGetPayload<object>;

const choicesSchema = z.array(z.object({ folder: z.string(), label: z.string() }));

const defaultsSchema = z.object({
  type: z.enum(DOCUMENT_TYPES).optional(),
  instance: z
    .object({ kind: z.enum(INSTANCE_KINDS), name: z.string().nullable(), label: z.string() })
    .optional(),
  action: z.string().optional(),
  commune: z.string().optional(),
});

function toDoc(r: Row): FiledDocument {
  const choices = choicesSchema.safeParse(r.choices ?? []);
  return {
    id: r.id,
    territoryId: r.territoryId,
    status: r.status,
    path: r.path,
    fileId: r.fileId,
    url: r.url,
    originalName: r.originalName,
    type: r.type,
    instance: r.instance,
    action: r.action,
    commune: r.commune,
    date: r.date ? dateToIso(r.date) : null,
    sha256: r.sha256,
    size: Number(r.size),
    filedBy: r.filedBy,
    platform: r.platform,
    channelId: r.channelId,
    messageId: r.messageId,
    choices: choices.success ? choices.data : [],
    clues: r.clues,
    spoolPath: r.spoolPath,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    createdAt: r.createdAt,
  };
}

function toData(change: Partial<NewFiledDocument & { attempts: number }>) {
  const { date, size, choices, ...rest } = change;
  return {
    ...rest,
    ...(date !== undefined ? { date: date === null ? null : isoToDate(date) } : {}),
    ...(size !== undefined ? { size: BigInt(size) } : {}),
    ...(choices !== undefined ? { choices: choices.map((c) => ({ folder: c.folder, label: c.label })) } : {}),
  };
}

const isType = (t: string | null): t is DocumentType =>
  t !== null && (DOCUMENT_TYPES as readonly string[]).includes(t);

export class PrismaFilingRepository implements FilingRepository {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async create(doc: NewFiledDocument): Promise<{ doc: FiledDocument; created: boolean }> {
    // The unique (territory, sha256) makes two posts of one file at the same moment one record.
    const rows = await this.prisma.filedDocument.createManyAndReturn({
      data: [
        {
          ...toData(doc),
          status: doc.status,
          path: doc.path,
          originalName: doc.originalName,
          filedBy: doc.filedBy,
          platform: doc.platform,
          channelId: doc.channelId,
          territoryId: doc.territoryId,
          sha256: doc.sha256,
          size: BigInt(doc.size),
        },
      ],
      skipDuplicates: true,
    });
    const created = rows[0];
    if (created) return { doc: toDoc(created), created: true };
    const existing = await this.bySha256(doc.territoryId, doc.sha256);
    if (existing === null) throw new Error("filed document vanished between insert and read");
    return { doc: existing, created: false };
  }

  async update(
    id: string,
    change: Partial<Omit<FiledDocument, "id" | "territoryId" | "createdAt">>,
  ): Promise<FiledDocument> {
    return toDoc(await this.prisma.filedDocument.update({ where: { id }, data: toData(change) }));
  }

  async get(id: string): Promise<FiledDocument | null> {
    const r = await this.prisma.filedDocument.findUnique({ where: { id } });
    return r ? toDoc(r) : null;
  }

  async bySha256(territoryId: string, sha256: string): Promise<FiledDocument | null> {
    const r = await this.prisma.filedDocument.findUnique({
      where: { territoryId_sha256: { territoryId, sha256 } },
    });
    return r ? toDoc(r) : null;
  }

  async byShortId(territoryId: string, shortId: string): Promise<FiledDocument | null> {
    if (!/^[0-9a-f]{4,36}$/i.test(shortId)) return null;
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      "SELECT id::text AS id FROM filed_document WHERE territory_id = $1::uuid AND id::text LIKE $2 LIMIT 2",
      territoryId,
      `${shortId.toLowerCase()}%`,
    );
    const [only, second] = rows;
    return only && !second ? this.get(only.id) : null;
  }

  async search(
    territoryId: string,
    filter: {
      action?: string;
      instance?: string;
      commune?: string;
      words?: string[];
      status?: FiledDocument["status"];
    },
    limit: number,
  ): Promise<FiledDocument[]> {
    const rows = await this.prisma.filedDocument.findMany({
      where: {
        territoryId,
        ...(filter.status ? { status: filter.status } : { status: { in: ["filed", "parked", "spooled"] } }),
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.instance ? { instance: { contains: filter.instance, mode: "insensitive" } } : {}),
        ...(filter.commune ? { commune: filter.commune } : {}),
        AND: (filter.words ?? []).map((w) => ({
          OR: [
            { path: { contains: w, mode: "insensitive" as const } },
            { originalName: { contains: w, mode: "insensitive" as const } },
          ],
        })),
      },
      orderBy: [{ date: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
      take: limit,
    });
    return rows.map(toDoc);
  }

  async claimSpooled(id: string, seen: Date, until: Date): Promise<boolean> {
    const { count } = await this.prisma.filedDocument.updateMany({
      where: { id, status: "spooled", nextAttemptAt: seen },
      data: { nextAttemptAt: until },
    });
    return count === 1;
  }

  async dueSpooled(now: Date, limit: number, skip: readonly string[] = []): Promise<FiledDocument[]> {
    const rows = await this.prisma.filedDocument.findMany({
      where: {
        status: "spooled",
        nextAttemptAt: { lte: now },
        ...(skip.length > 0 ? { id: { notIn: [...skip] } } : {}),
      },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
    });
    return rows.map(toDoc);
  }

  async lastParked(platform: string, channelId: string): Promise<FiledDocument | null> {
    const r = await this.prisma.filedDocument.findFirst({
      where: { platform, channelId, status: "parked" },
      orderBy: { createdAt: "desc" },
    });
    return r ? toDoc(r) : null;
  }

  async remove(id: string): Promise<void> {
    await this.prisma.filedDocument.deleteMany({ where: { id } });
  }

  async addCorrection(territoryId: string, correction: Correction, createdBy: string): Promise<void> {
    await this.prisma.filingCorrection.create({
      data: {
        territoryId,
        fileName: correction.fileName,
        type: correction.type,
        folder: correction.folder,
        words: [...(correction.words ?? [])],
        createdBy,
      },
    });
  }

  async channelDefaults(platform: string, channelId: string): Promise<ChannelDefaults> {
    const binding = await this.prisma.channelBinding.findUnique({
      where: { platform_channelId: { platform, channelId } },
      select: { filingDefaults: true },
    });
    const parsed = defaultsSchema.safeParse(binding?.filingDefaults ?? {});
    return parsed.success ? parsed.data : {};
  }

  async setChannelDefaults(platform: string, channelId: string, defaults: ChannelDefaults): Promise<boolean> {
    const { count } = await this.prisma.channelBinding.updateMany({
      where: { platform, channelId },
      data: { filingDefaults: defaultsSchema.parse(defaults) },
    });
    return count === 1;
  }

  async corrections(territoryId: string, limit: number): Promise<Correction[]> {
    const rows = await this.prisma.filingCorrection.findMany({
      where: { territoryId },
      orderBy: { createdAt: "desc" },
      take: limit,
    });
    return rows.map((r) => ({
      fileName: r.fileName,
      type: isType(r.type) ? r.type : null,
      folder: r.folder,
      words: r.words,
    }));
  }
}
