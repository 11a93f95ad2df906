import type { FilingLexicon } from "../domain/filing/lexicon-schema.ts";
import type { Classification, Destination } from "../domain/filing/types.ts";
import type { ChannelDefaults, FiledDocument, FilingRepository } from "../domain/filing-repository.ts";
import type { Territory } from "../domain/model.ts";
import type { PutOptions, WorkspaceError } from "../workspace/workspace.ts";
import type { IncomingFile } from "./incoming.ts";

/**
 * What commands and the dispatcher ask of filing (the port; `src/filing/filing-service.ts`
 * implements it): file a posted document, find, move and list filed ones, a channel's defaults.
 */
export interface Filing {
  /** The filing's word lists: commands read instances the way filing does. */
  readonly lexicon: FilingLexicon;
  file(request: FileRequest): Promise<FilingOutcome>;
  find(territoryId: string, id: string): Promise<FiledDocument | null>;
  move(doc: FiledDocument, folder: string, by: string): Promise<FiledDocument>;
  search(
    territoryId: string,
    filter: Parameters<FilingRepository["search"]>[1],
    limit: number,
  ): Promise<FiledDocument[]>;
  channelDefaults(platform: string, channelId: string): Promise<ChannelDefaults>;
  setChannelDefaults(
    territory: Territory,
    platform: string,
    channelId: string,
    indications: string,
    by?: string,
  ): Promise<ChannelDefaults | null>;
}

export interface FileRequest {
  territory: Territory;
  file: IncomingFile;
  message: string;
  postedBy: string;
  platform: string;
  channelId: string;
  messageId: string | null;
  simulate?: boolean;
  onProgress?: PutOptions["onProgress"];
}

export type FilingOutcome =
  | { status: "filed"; doc: FiledDocument; destination: Destination }
  | { status: "parked"; doc: FiledDocument; destination: Destination }
  | { status: "duplicate"; doc: FiledDocument }
  | { status: "spooled"; doc: FiledDocument; error: WorkspaceError }
  | { status: "failed"; doc: FiledDocument; error: WorkspaceError }
  | { status: "simulated"; classification: Classification; destination: Destination }
  | { status: "refused"; reason: string };
