import { SUBJECT } from "../../src/domain/filing/subject.ts";
import { evaluateNameFixture, evaluateRealSet, FILING_DEV_2, figuresOf } from "../lib/filing-real-sets.ts";

for (const lead of [1.2, 1.3, 1.4, 1.6, 1.8])
  for (const floor of [3, 4.5, 6, 8, 10]) {
    SUBJECT.lead = lead;
    SUBJECT.floor = floor;
    const a = figuresOf((await evaluateNameFixture()).dev);
    const b = figuresOf(await evaluateRealSet(FILING_DEV_2));
    console.log(
      lead,
      floor,
      "dev1",
      a.right,
      a.wrong,
      "dev2",
      b.right,
      b.asked,
      b.wrong,
      "obj",
      a.right + b.right - 3 * (a.wrong + b.wrong),
    );
  }
