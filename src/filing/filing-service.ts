import { backoff } from "../core/backoff.ts";
import { subjectFinder } from "../core/document-subjects.ts";
import type { FileRequest, Filing, FilingOutcome } from "../core/filing-port.ts";
import { IncomingFileError } from "../core/incoming.ts";
import type { KnowledgeCache } from "../core/knowledge-cache.ts";
import { currentLog, errorFields } from "../core/log.ts";
import {
  type AuditAction,
  type AuditDetails,
  type AuditLog,
  BOT_ACTOR,
  UNKNOWN_ACTOR,
} from "../domain/audit.ts";
import type { Classification, Destination, FilingRules } from "../domain/filing/index.ts";
import { checkFileName, chooseDestination, classifyDocument } from "../domain/filing/index.ts";
import type { FilingLexicon } from "../domain/filing/lexicon-schema.ts";
import { DOCUMENT_TYPES } from "../domain/filing/types.ts";
import type { ChannelDefaults, FiledDocument, FilingRepository } from "../domain/filing-repository.ts";
import type { Territory } from "../domain/model.ts";
import { formatSize } from "../domain/text/french/size.ts";
import { type PutOptions, type Workspace, WorkspaceError } from "../workspace/workspace.ts";
import { readDocument } from "./extract-text.ts";
import { baseName, folderOf, moveWithSuffix, putWithSuffix, resolveFolder } from "./placement.ts";
import type { Spool } from "./spool.ts";

/** Text is read from files up to this size (the first page is enough). */
export const EXTRACT_MAX_BYTES = 30 * 1024 * 1024;

export interface FilingDeps {
  workspace: Workspace;
  repo: FilingRepository;
  knowledge: KnowledgeCache;
  rulesFor: (territory: Territory) => Promise<FilingRules>;
  /** The filing's word lists (prisma/filing/lexicon.yaml). */
  lexicon: FilingLexicon;
  spool: Spool;
  maxBytes: number;
  clock: () => Date;
  /** Delay before the n-th retry of a spooled document (default: 1 min doubling, capped at 1 h). */
  retryDelayMs?: (attempt: number) => number;
  /** Who filed, moved or set what (none: nothing recorded). */
  audit?: AuditLog;
}

/** Long enough for any upload in progress to finish: only a stopped process leaves one behind. */
const RECOVERY_DELAY_MS = 3_600_000;

/** How long a process leaves alone a spooled document whose copy it cannot see. */
const UNSEEN_RECHECK_MS = 3_600_000;

export const defaultRetryDelay = backoff({ baseMs: 60_000, capMs: 3_600_000 });

/** Worth trying again later: the server is down, busy, or refuses our credentials until fixed. */
const isTransient = (e: WorkspaceError): boolean =>
  e.code === "unavailable" || e.code === "rate-limited" || e.code === "auth";

/**
 * Files a document: spooled locally first (hashed, size-checked), classified, placed in the
 * workspace under a name never taken (suffix "(2)"), recorded. A duplicate is recognised by its
 * content; a doubtful one is parked in "A classer/" with suggestions; a workspace that is down
 * leaves it in the spool, retried later — it is never lost.
 */
export class FilingService implements Filing {
  private readonly deps: FilingDeps;
  /**
   * Spooled documents whose copy this process could not see, with when it found out: left out of
   * its rounds for an hour (then looked at, and reported, again), so that they neither fill the
   * log every minute nor crowd out the documents it can place.
   */
  private readonly unseen = new Map<string, number>();

  /** The filing's word lists: commands read instances the way filing does. */
  get lexicon(): FilingLexicon {
    return this.deps.lexicon;
  }

  constructor(deps: FilingDeps) {
    this.deps = deps;
  }

  /** Files one document; one log line says how it ended (never its name's content or its text). */
  async file(request: FileRequest): Promise<FilingOutcome> {
    const started = performance.now();
    const log = currentLog();
    try {
      const outcome = await this.fileOnce(request);
      log.info(
        {
          event: "filing",
          outcome: outcome.status,
          territory: request.territory.slug,
          ...("doc" in outcome ? { document: outcome.doc.id, bytes: Number(outcome.doc.size) } : {}),
          ...("error" in outcome ? { error: outcome.error.code } : {}),
          ms: Math.round(performance.now() - started),
        },
        `filing ${outcome.status}`,
      );
      return outcome;
    } catch (error) {
      log.error(
        { event: "filing", outcome: "error", territory: request.territory.slug, ...errorFields(error) },
        "filing failed",
      );
      throw error;
    }
  }

  private async fileOnce(request: FileRequest): Promise<FilingOutcome> {
    const { territory, file } = request;
    const name = checkFileName(file.name);
    if (!name.ok) return { status: "refused", reason: name.reason };
    let spooled: Awaited<ReturnType<Spool["take"]>>;
    try {
      spooled = await this.deps.spool.take(file, this.deps.maxBytes);
    } catch (error) {
      if (!(error instanceof IncomingFileError)) throw error;
      return {
        status: "refused",
        reason: `${error.message} Je n'ai rien rangé ; le fichier reste dans la conversation, vous pouvez réessayer.`,
      };
    }
    if (!spooled.ok) {
      return {
        status: "refused",
        reason:
          spooled.reason === "empty"
            ? `Le fichier « ${file.name} » est vide : je ne l'ai pas rangé.`
            : `Le fichier « ${file.name} » dépasse la taille maximale (${formatSize(this.deps.maxBytes)}) : je ne l'ai pas rangé. Déposez-le directement dans l'espace collaboratif.`,
      };
    }
    try {
      const existing = await this.deps.repo.bySha256(territory.id, spooled.sha256);
      if (existing !== null) {
        await this.deps.spool.drop(spooled.path);
        return { status: "duplicate", doc: existing };
      }
      const { classification, destination, parkingFolder } = await this.preview({
        territory,
        fileName: name.name,
        bytes: await this.deps.spool.head(spooled.path, EXTRACT_MAX_BYTES),
        message: request.message,
        postedAt: this.deps.clock(),
        channelDefaults: await this.deps.repo.channelDefaults(request.platform, request.channelId),
      });
      if (request.simulate) {
        await this.deps.spool.drop(spooled.path);
        return { status: "simulated", classification, destination };
      }
      const folder = destination.ask ? parkingFolder : destination.folder;
      const { doc, created } = await this.deps.repo.create({
        territoryId: territory.id,
        status: "spooled",
        path: `${folder}/${destination.fileName}`,
        fileId: null,
        url: null,
        originalName: name.name,
        type: classification.type?.value ?? null,
        instance: classification.instance?.value.label ?? null,
        action: classification.action?.value ?? classification.relatedAction?.value ?? null,
        commune: classification.commune?.value ?? null,
        date: classification.date?.value ?? null,
        sha256: spooled.sha256,
        size: spooled.size,
        filedBy: `${request.platform}:${request.postedBy}`,
        platform: request.platform,
        channelId: request.channelId,
        messageId: request.messageId,
        choices: destination.ask ? destination.alternatives : [],
        clues: classification.clues ?? [],
        spoolPath: spooled.path,
        // Placed right below; should this process stop before, the spool loop takes it up then.
        nextAttemptAt: new Date(this.deps.clock().getTime() + RECOVERY_DELAY_MS),
      });
      if (!created) {
        await this.deps.spool.drop(spooled.path);
        return { status: "duplicate", doc };
      }
      const placed = await this.place(doc, request.onProgress);
      const action =
        placed.status !== "placed"
          ? "document.spooled"
          : destination.ask
            ? "document.parked"
            : "document.filed";
      await this.record(action, placed.doc, doc.filedBy);
      if (placed.status === "spooled" || placed.status === "failed") return placed;
      return { status: destination.ask ? "parked" : "filed", doc: placed.doc, destination };
    } catch (error) {
      // Nothing recorded and nothing placed: the spooled copy is of no use.
      if (!(await this.deps.repo.bySha256(territory.id, spooled.sha256)))
        await this.deps.spool.drop(spooled.path);
      throw error;
    }
  }

  /** What the bot makes of a file and where it would put it; nothing is written anywhere. */
  async preview(input: {
    territory: Territory;
    fileName: string;
    /** The file's content, or null when too large to read (the name and message still count). */
    bytes: Uint8Array | null;
    message: string;
    postedAt: Date;
    channelDefaults?: ChannelDefaults;
  }): Promise<{ classification: Classification; destination: Destination; parkingFolder: string }> {
    const { territory } = input;
    const loaded = await this.deps.knowledge(territory.slug);
    if (loaded === null) throw new Error(`territory ${territory.slug} vanished`);
    const reading =
      input.bytes === null ? { text: null, takenAt: null } : await readDocument(input.bytes, input.fileName);
    const classification = classifyDocument({
      knowledge: loaded.knowledge,
      fileName: input.fileName,
      message: input.message,
      firstPage: reading.text,
      takenAt: reading.takenAt,
      subjects: subjectFinder(loaded.index),
      lexicon: this.deps.lexicon,
      postedAt: input.postedAt,
      zone: territory.timezone,
      ...(input.channelDefaults ? { channelDefaults: input.channelDefaults } : {}),
    });
    const rules = await this.deps.rulesFor(territory);
    const destination = chooseDestination({
      classification,
      knowledge: loaded.knowledge,
      rules,
      originalName: input.fileName,
      corrections: await this.deps.repo.corrections(territory.id, 200),
    });
    // Where a doubtful document waits: the rule file's "a_classer" folder, under its "racine".
    const parkingFolder = [rules.root, rules.unsorted].filter((p) => p !== "").join("/");
    return { classification, destination, parkingFolder };
  }

  /**
   * Puts a spooled document at its path (creating folders, suffixing a taken name) and records
   * where it went; when the workspace is unavailable it stays spooled with a time for the next try.
   */
  async place(
    doc: FiledDocument,
    onProgress?: PutOptions["onProgress"],
  ): Promise<
    | { status: "placed"; doc: FiledDocument }
    | { status: "spooled" | "failed"; doc: FiledDocument; error: WorkspaceError }
  > {
    const { workspace, spool } = this.deps;
    if (doc.spoolPath === null) throw new Error(`document ${doc.id} has no spooled copy`);
    try {
      const folder = await resolveFolder(workspace, folderOf(doc.path));
      const stored = await putWithSuffix(
        workspace,
        folder,
        baseName(doc.path),
        spool.source(doc.spoolPath, doc.size),
        {
          ...(onProgress ? { onProgress } : {}),
        },
      );
      const placed = await this.deps.repo.update(doc.id, {
        status: doc.choices.length > 0 ? "parked" : "filed",
        path: stored.path,
        fileId: stored.fileId,
        url: stored.url,
        spoolPath: null,
        nextAttemptAt: null,
        lastError: null,
      });
      await spool.drop(doc.spoolPath);
      return { status: "placed", doc: placed };
    } catch (error) {
      if (!(error instanceof WorkspaceError)) throw error;
      if (!isTransient(error)) {
        // Refused for good (too large for the server, a name it rejects…): the spooled copy is
        // kept, the record says why, and the user is told — nothing is lost, nothing retried in vain.
        const failed = await this.deps.repo.update(doc.id, {
          status: "failed",
          nextAttemptAt: null,
          lastError: error.message.slice(0, 2000),
        });
        return { status: "failed", doc: failed, error };
      }
      const attempts = doc.attempts + 1;
      const wait = error.retryAfterMs ?? (this.deps.retryDelayMs ?? defaultRetryDelay)(attempts);
      const spooled = await this.deps.repo.update(doc.id, {
        status: "spooled",
        attempts,
        nextAttemptAt: new Date(this.deps.clock().getTime() + wait),
        lastError: error.message.slice(0, 2000),
      });
      return { status: "spooled", doc: spooled, error };
    }
  }

  /** Tries the spooled documents whose time came; returns those placed (to announce) and those still waiting. */
  async retrySpooled(limit = 20): Promise<{ placed: FiledDocument[]; waiting: FiledDocument[] }> {
    const placed: FiledDocument[] = [];
    const waiting: FiledDocument[] = [];
    const now = this.deps.clock().getTime();
    for (const [id, seenAt] of this.unseen) if (now - seenAt >= UNSEEN_RECHECK_MS) this.unseen.delete(id);
    const due = await this.deps.repo.dueSpooled(this.deps.clock(), limit, [...this.unseen.keys()]);
    for (const doc of due) {
      // Several replicas: only one tries a document at a time, and only one that sees its copy.
      if (doc.spoolPath === null || doc.nextAttemptAt === null) continue;
      if (!(await this.deps.spool.has(doc.spoolPath))) {
        this.unseen.set(doc.id, now);
        currentLog().warn(
          { event: "filing.retry", cid: `document:${doc.id}`, document: doc.id, outcome: "copy-not-here" },
          "spooled copy not visible from this process (DATA_DIR must be shared by the replicas)",
        );
        continue;
      }
      const until = new Date(this.deps.clock().getTime() + RECOVERY_DELAY_MS);
      if (!(await this.deps.repo.claimSpooled(doc.id, doc.nextAttemptAt, until))) continue;
      const result = await this.place(doc);
      currentLog().info(
        {
          event: "filing.retry",
          cid: `document:${doc.id}`,
          document: doc.id,
          outcome: result.status,
          attempts: doc.attempts + 1,
        },
        `spooled document ${result.status}`,
      );
      if (result.status === "placed") {
        await this.record("document.placed", result.doc, BOT_ACTOR);
        placed.push(result.doc);
      } else if (result.status === "spooled") waiting.push(result.doc);
    }
    return { placed, waiting };
  }

  /**
   * Moves a document to another folder (a person's choice or correction), keeping its name (with
   * a suffix if taken there), and remembers the choice for similar documents.
   */
  async move(doc: FiledDocument, folder: string, by: string): Promise<FiledDocument> {
    if (doc.status === "spooled" || doc.status === "failed") {
      // Not in the workspace yet: it will go straight to the chosen folder.
      const moved = await this.deps.repo.update(doc.id, {
        path: `${folder}/${baseName(doc.path)}`,
        choices: [],
      });
      await this.remember(doc, folder, by);
      await this.record("document.moved", moved, by, { from: doc.path });
      return moved;
    }
    const target = await resolveFolder(this.deps.workspace, folder);
    const stored =
      folderOf(doc.path) === target
        ? null
        : await moveWithSuffix(this.deps.workspace, doc.path, target, baseName(doc.path));
    const moved = await this.deps.repo.update(doc.id, {
      status: "filed",
      choices: [],
      ...(stored ? { path: stored.path, fileId: stored.fileId ?? doc.fileId, url: stored.url } : {}),
    });
    await this.remember(doc, target, by);
    await this.record("document.moved", moved, by, { from: doc.path });
    return moved;
  }

  /** A document by the short id users see ([3f2a9c1d]) or its full id. */
  async find(territoryId: string, id: string): Promise<FiledDocument | null> {
    const doc = await this.deps.repo.byShortId(territoryId, id.replace(/^\[|\]$/g, ""));
    return doc;
  }

  /**
   * "ranger par-defaut <indications>": what the indications say (type, instance, action, commune)
   * becomes the channel's default for the files posted there; "aucun" clears it.
   */
  async setChannelDefaults(
    territory: Territory,
    platform: string,
    channelId: string,
    indications: string,
    by?: string,
  ): Promise<ChannelDefaults | null> {
    const loaded = await this.deps.knowledge(territory.slug);
    if (loaded === null) return null;
    const c = classifyDocument({
      knowledge: loaded.knowledge,
      fileName: "",
      message: indications,
      firstPage: null,
      lexicon: this.deps.lexicon,
      postedAt: this.deps.clock(),
      zone: territory.timezone,
    });
    const sure = <T>(g: { value: T; confidence: number; source: string } | null) =>
      g !== null && g.source === "message" && g.confidence >= 0.5 ? g.value : undefined;
    const defaults: ChannelDefaults = {};
    const type = sure(c.type);
    if (type !== undefined && type !== "autre") defaults.type = type;
    const instance = sure(c.instance);
    if (instance !== undefined) defaults.instance = instance;
    const action = sure(c.action);
    if (action !== undefined) defaults.action = action;
    const commune = sure(c.commune);
    if (commune !== undefined) defaults.commune = commune;
    // Words that say nothing recognisable leave the current defaults as they are.
    if (indications.trim() !== "" && Object.keys(defaults).length === 0) return defaults;
    if (!(await this.deps.repo.setChannelDefaults(platform, channelId, defaults))) return null;
    await this.deps.audit?.record({
      territoryId: territory.id,
      actor: by ?? UNKNOWN_ACTOR,
      action: "filing.defaults",
      target: `${platform}:${channelId}`,
      details: { defaults: JSON.stringify(defaults) },
    });
    return defaults;
  }

  channelDefaults(platform: string, channelId: string): Promise<ChannelDefaults> {
    return this.deps.repo.channelDefaults(platform, channelId);
  }

  search(
    territoryId: string,
    filter: Parameters<FilingRepository["search"]>[1],
    limit: number,
  ): Promise<FiledDocument[]> {
    return this.deps.repo.search(territoryId, filter, limit);
  }

  /** One audit entry about a document: its path, id and metadata, never its content. */
  private async record(action: AuditAction, doc: FiledDocument, actor: string, extra: AuditDetails = {}) {
    await this.deps.audit?.record({
      territoryId: doc.territoryId,
      actor,
      action,
      target: doc.path,
      details: { document: doc.id, status: doc.status, type: doc.type, size: doc.size, ...extra },
    });
  }

  private async remember(doc: FiledDocument, folder: string, by: string): Promise<void> {
    const type = DOCUMENT_TYPES.find((t) => t === doc.type) ?? null;
    await this.deps.repo.addCorrection(
      doc.territoryId,
      { fileName: doc.originalName, type, folder, words: doc.clues },
      by,
    );
  }
}
