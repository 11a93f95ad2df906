import type { ClassifyInput, Correction } from "./filing/types.ts";

/** What files posted in a channel usually are (a channel per groupe de travail, per commune…). */
export type ChannelDefaults = NonNullable<ClassifyInput["channelDefaults"]>;

export type FilingStatus = "filed" | "parked" | "spooled" | "failed";

/** A document the bot filed, parked in "A classer/", or keeps in its spool until the workspace is back. */
export interface FiledDocument {
  id: string;
  territoryId: string;
  status: FilingStatus;
  path: string;
  fileId: string | null;
  url: string | null;
  originalName: string;
  type: string | null;
  instance: string | null;
  action: string | null;
  commune: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  sha256: string;
  size: number;
  filedBy: string;
  platform: string;
  channelId: string;
  messageId: string | null;
  choices: { folder: string; label: string }[];
  /** The words that described it when filed (`clueWords`): a correction learns from them. */
  clues: string[];
  spoolPath: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

export type NewFiledDocument = Omit<FiledDocument, "id" | "createdAt" | "attempts" | "lastError"> & {
  lastError?: string | null;
};

/** Records of filed documents and of the corrections users made. */
export interface FilingRepository {
  /**
   * Records a document; when the territory already has one with the same content, returns that
   * one instead (`created: false`) and records nothing.
   */
  create(doc: NewFiledDocument): Promise<{ doc: FiledDocument; created: boolean }>;
  update(
    id: string,
    change: Partial<Omit<FiledDocument, "id" | "territoryId" | "createdAt">>,
  ): Promise<FiledDocument>;
  get(id: string): Promise<FiledDocument | null>;
  bySha256(territoryId: string, sha256: string): Promise<FiledDocument | null>;
  /** Short id prefix (as shown to users) → the document of the territory, or null. */
  byShortId(territoryId: string, shortId: string): Promise<FiledDocument | null>;
  /** The newest documents of a territory matching every filter given (words: in path or original name). */
  search(
    territoryId: string,
    filter: { action?: string; instance?: string; commune?: string; words?: string[]; status?: FilingStatus },
    limit: number,
  ): Promise<FiledDocument[]>;
  /** Spooled documents due for another try, oldest due first, except those of `skip` (ids). */
  dueSpooled(now: Date, limit: number, skip?: readonly string[]): Promise<FiledDocument[]>;
  /**
   * Takes a spooled document for one try: true when its next attempt was still `seen` (no other
   * process took it meanwhile); it is then not due again before `until`.
   */
  claimSpooled(id: string, seen: Date, until: Date): Promise<boolean>;
  /** The newest parked document of a channel (the one a numbered answer refers to). */
  lastParked(platform: string, channelId: string): Promise<FiledDocument | null>;
  remove(id: string): Promise<void>;
  addCorrection(territoryId: string, correction: Correction, createdBy: string): Promise<void>;
  /** The channel's filing defaults ({} when none, or when the channel is bound to no territory). */
  channelDefaults(platform: string, channelId: string): Promise<ChannelDefaults>;
  /** Sets them; false when the channel is bound to no territory. */
  setChannelDefaults(platform: string, channelId: string, defaults: ChannelDefaults): Promise<boolean>;
  corrections(territoryId: string, limit: number): Promise<Correction[]>;
}
