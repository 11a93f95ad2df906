import { beforeAll, describe, expect, it } from "vitest";
import type { FilingResult } from "../../bench/lib/filing-accuracy.ts";
import {
  evaluateNameFixture,
  evaluateRealSet,
  FILING_DEV_2,
  FILING_SEALED,
  FILING_SEALED_2,
  figuresOf,
  runReplay,
} from "../../bench/lib/filing-real-sets.ts";

/**
 * Gates at the measured figures (docs/filing-sets.md), on issue 17's two measures: documents in
 * the right folder or asked about with the right folder among the choices (`rightOrAsked`), and
 * documents put in a wrong folder without asking (`wrong`). A change that files one more document wrongly, or turns one right or asked
 * into a wrong one, fails here. Raise them when the engine gets better; first runs are recorded
 * in the docs, not here.
 */
const GATES = {
  dev2: { n: 90, rightOrAsked: 81, wrong: 5 },
  heldOut: { n: 18, rightOrAsked: 16, wrong: 2 },
  sealed: { n: 100, rightOrAsked: 80, wrong: 14 },
  sealed2: { n: 90, rightOrAsked: 65, wrong: 13 },
  replayWithout: { n: 60, rightOrAsked: 25, wrong: 6 },
  replayWith: { n: 60, rightOrAsked: 51, wrong: 3 },
};

function expectAtGate(
  results: readonly FilingResult[],
  gate: { n: number; rightOrAsked: number; wrong: number },
) {
  const f = figuresOf(results);
  expect(f.n).toBe(gate.n);
  expect(
    f.right + f.askedOffering,
    "documents in the right folder, or asked about offering it",
  ).toBeGreaterThanOrEqual(gate.rightOrAsked);
  expect(f.wrong, "documents in a wrong folder, without asking").toBeLessThanOrEqual(gate.wrong);
}

describe("filing accuracy on sets written by people who never read the code", () => {
  let heldOut: FilingResult[];
  beforeAll(async () => {
    heldOut = (await evaluateNameFixture()).heldOut;
  });

  it("development set 2 (real files)", async () => {
    expectAtGate(await evaluateRealSet(FILING_DEV_2), GATES.dev2);
  });

  it("held-out lot of the name-and-message fixture", () => {
    expectAtGate(heldOut, GATES.heldOut);
  });

  it("sealed set (real files)", async () => {
    expectAtGate(await evaluateRealSet(FILING_SEALED), GATES.sealed);
  });

  it("sealed set 2 (real files)", async () => {
    expectAtGate(await evaluateRealSet(FILING_SEALED_2), GATES.sealed2);
  });

  it("series of documents: corrections replayed teach the next ones", async () => {
    const replay = await runReplay();
    expectAtGate(replay.without, GATES.replayWithout);
    expectAtGate(replay.with, GATES.replayWith);
  });
});
