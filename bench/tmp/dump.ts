import { evaluateNameFixture, evaluateRealSet, FILING_DEV_2 } from "../lib/filing-real-sets.ts";

const n = await evaluateNameFixture();
const all = [...n.dev, ...n.heldOut, ...(await evaluateRealSet(FILING_DEV_2))];
console.log(
  JSON.stringify(
    all.map((r) => ({
      f: r.case.fichier,
      m: r.case.message,
      c: { ...r.classification, clues: undefined },
      d: r.destination,
    })),
  ),
);
