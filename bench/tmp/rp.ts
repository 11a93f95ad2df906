import { outcomeOf, runReplay } from "../lib/filing-real-sets.ts";

const r = await runReplay();
r.with.forEach((b) =>
  console.log(
    b.case.id,
    outcomeOf(b),
    b.case.fichier,
    "|",
    b.case.message,
    "| clues:",
    (b.classification.clues ?? []).join(","),
    "| ->",
    b.destination.ask ? "ASK" : b.destination.folder,
    "| learned:",
    b.destination.reasons
      .filter((x) => x.includes("main"))
      .join(" ")
      .slice(0, 80),
  ),
);
