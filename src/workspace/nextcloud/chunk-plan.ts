import { z } from "zod";
import { WorkspaceError } from "../workspace.ts";
import { getOcsJson } from "./connection-check.ts";
import type { DavHttp } from "./http.ts";
import type { DavUrls } from "./urls.ts";

const MiB = 1024 * 1024;

/** Without a size set in the options nor advertised by the server: Nextcloud's web uploader's own. */
export const DEFAULT_CHUNK_BYTES = 10 * MiB;
/** Chunked upload v2 wants chunks of 5 MiB to 5 GiB (the last one may be smaller). */
export const MIN_CHUNK_BYTES = 5 * MiB;
export const MAX_CHUNK_BYTES = 5 * 1024 * MiB;
/** Chunk requests in flight, unless the options say otherwise or the server allows fewer. */
export const DEFAULT_CHUNK_CONCURRENCY = 4;

/**
 * What a Nextcloud server advertises for chunked uploads in its capabilities
 * (`files.chunked_upload`, set by its administrator with `occ config:system:set
 * files.chunked_upload.max_size`; Nextcloud's defaults are 100 MiB and 5). `null`: not advertised.
 */
export interface ChunkedUploadLimits {
  /** Largest chunk the server wants; 0 or less: chunked uploads are turned off. */
  maxSize: number | null;
  maxParallelCount: number | null;
}

const capabilitiesSchema = z.object({
  ocs: z.object({
    data: z.object({
      capabilities: z
        .object({
          files: z
            .object({
              chunked_upload: z
                .object({
                  max_size: z.number().int().optional(),
                  max_parallel_count: z.number().int().optional(),
                })
                .loose()
                .optional(),
            })
            .loose()
            .optional(),
        })
        .loose(),
    }),
  }),
});

/**
 * Reads the server's chunked-upload limits from `GET /ocs/v2.php/cloud/capabilities`. Null when
 * they cannot be read (the server is down, busy, refuses us, or is not a Nextcloud): the upload
 * then goes on with the defaults, and its own requests tell what is wrong. One request, never
 * retried here: a 429 must not become a burst of them.
 */
export async function readChunkedUploadLimits(
  http: DavHttp,
  urls: DavUrls,
): Promise<ChunkedUploadLimits | null> {
  let json: unknown;
  try {
    json = await getOcsJson(http, urls, "cloud/capabilities?format=json", "les capacités du serveur");
  } catch (error) {
    if (error instanceof WorkspaceError) return null;
    throw error;
  }
  const parsed = capabilitiesSchema.safeParse(json);
  if (!parsed.success) return null;
  const limits = parsed.data.ocs.data.capabilities.files?.chunked_upload;
  return { maxSize: limits?.max_size ?? null, maxParallelCount: limits?.max_parallel_count ?? null };
}

/** How a large file goes up: in one PUT, or in chunks of `chunkSize` with `concurrency` in flight. */
export type ChunkPlan = { chunked: false } | { chunked: true; chunkSize: number; concurrency: number };

/**
 * The options decide where they are set; otherwise the server's advertised limits, like
 * Nextcloud's own clients: its chunk size (kept within 5 MiB–5 GiB), at most its parallel count, and
 * a single PUT if its administrator turned chunked uploads off (a size of 0 or less).
 */
export function chunkPlan(
  options: { chunkSizeBytes: number | null; chunkConcurrency: number | null },
  limits: ChunkedUploadLimits | null,
): ChunkPlan {
  const advertisedSize = limits?.maxSize ?? null;
  if (options.chunkSizeBytes === null && advertisedSize !== null && advertisedSize <= 0) {
    return { chunked: false };
  }
  const chunkSize =
    options.chunkSizeBytes ??
    (advertisedSize === null
      ? DEFAULT_CHUNK_BYTES
      : Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, advertisedSize)));
  const advertisedParallel = limits?.maxParallelCount ?? null;
  const concurrency =
    options.chunkConcurrency ??
    (advertisedParallel !== null && advertisedParallel >= 1
      ? Math.min(DEFAULT_CHUNK_CONCURRENCY, advertisedParallel)
      : DEFAULT_CHUNK_CONCURRENCY);
  return { chunked: true, chunkSize, concurrency };
}
