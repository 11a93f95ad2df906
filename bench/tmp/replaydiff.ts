import { outcomeOf, runReplay } from "../lib/filing-real-sets.ts";

const r = await runReplay();
r.without.forEach((a, i) => {
  const b = r.with[i]!;
  if (outcomeOf(a) !== outcomeOf(b))
    console.log(
      a.case.fichier,
      outcomeOf(a),
      "->",
      outcomeOf(b),
      JSON.stringify(b.destination.alternatives),
      b.destination.reasons,
      b.classification.clues,
    );
});
