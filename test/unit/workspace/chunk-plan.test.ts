import { describe, expect, it } from "vitest";
import { chunkPlan } from "../../../src/workspace/nextcloud/chunk-plan.ts";

const MiB = 1024 * 1024;
const unset = { chunkSizeBytes: null, chunkConcurrency: null };

describe("chunkPlan : taille et nombre de morceaux en vol", () => {
  it("suit ce que le serveur annonce (Nextcloud : 100 Mio, 5 en parallèle, plafonnés à 4)", () => {
    expect(chunkPlan(unset, { maxSize: 100 * MiB, maxParallelCount: 5 })).toEqual({
      chunked: true,
      chunkSize: 100 * MiB,
      concurrency: 4,
    });
    expect(chunkPlan(unset, { maxSize: 20 * MiB, maxParallelCount: 2 })).toEqual({
      chunked: true,
      chunkSize: 20 * MiB,
      concurrency: 2,
    });
  });

  it("garde la taille annoncée entre 5 Mio et 5 Gio, comme le demande l'envoi par morceaux v2", () => {
    expect(chunkPlan(unset, { maxSize: MiB, maxParallelCount: null })).toMatchObject({ chunkSize: 5 * MiB });
    expect(chunkPlan(unset, { maxSize: 100 * 1024 * MiB, maxParallelCount: null })).toMatchObject({
      chunkSize: 5 * 1024 * MiB,
    });
  });

  it("sans annonce (serveur ancien, capacités illisibles) : 10 Mio, 4 en parallèle", () => {
    const defaults = { chunked: true, chunkSize: 10 * MiB, concurrency: 4 };
    expect(chunkPlan(unset, null)).toEqual(defaults);
    expect(chunkPlan(unset, { maxSize: null, maxParallelCount: null })).toEqual(defaults);
    // A parallel count below 1 means nothing usable: the default stays.
    expect(chunkPlan(unset, { maxSize: null, maxParallelCount: 0 })).toEqual(defaults);
  });

  it("un envoi par morceaux désactivé par l'administrateur (taille 0 ou moins) : un seul PUT", () => {
    expect(chunkPlan(unset, { maxSize: 0, maxParallelCount: 5 })).toEqual({ chunked: false });
    expect(chunkPlan(unset, { maxSize: -1, maxParallelCount: null })).toEqual({ chunked: false });
  });

  it("les options données l'emportent sur l'annonce", () => {
    const fixed = { chunkSizeBytes: 2 * MiB, chunkConcurrency: 8 };
    expect(chunkPlan(fixed, { maxSize: 0, maxParallelCount: 1 })).toEqual({
      chunked: true,
      chunkSize: 2 * MiB,
      concurrency: 8,
    });
    expect(
      chunkPlan({ chunkSizeBytes: null, chunkConcurrency: 1 }, { maxSize: 50 * MiB, maxParallelCount: 5 }),
    ).toEqual({
      chunked: true,
      chunkSize: 50 * MiB,
      concurrency: 1,
    });
  });
});
