import { subjectFinder } from "../../src/core/document-subjects.ts";
import { buildIndex } from "../../src/core/qa/knowledge-index.ts";
import { readDocument } from "../../src/filing/extract-text.ts";
import { loadLexicon } from "../../src/store/qa-lexicon.ts";
import { demoKnowledge } from "../../test/unit/filing/plan-knowledge.ts";
import { evaluateRealSet, FILING_DEV_2, loadRealCases, outcomeOf } from "../lib/filing-real-sets.ts";
import { writeRealFile } from "../lib/real-files.ts";

const lex = await loadLexicon();
const finders = new Map();
for (const c of await loadRealCases(FILING_DEV_2)) {
  if (!finders.has(c.territoire))
    finders.set(c.territoire, subjectFinder(buildIndex(await demoKnowledge(c.territoire), lex)));
  const r = await readDocument(await writeRealFile(c.fichier, c.contenu), c.fichier);
  const text = [c.message, c.fichier.replace(/\.[a-z]+$/i, ""), (r.text ?? "").slice(0, 1500)].join("\n");
  const m = finders.get(c.territoire)(text).slice(0, 3);
  console.log(
    c.id,
    "exp",
    c.attendu.action ?? "-",
    "|",
    m.map((x) => `${x.action}:${x.score.toFixed(1)}[${x.words.slice(0, 6).join(",")}]`).join("  "),
  );
}
