import { parseArgs } from "node:util";
import { parseEcheancier } from "../domain/echeancier/parse-echeancier.ts";
import { formatPeriodFr } from "../domain/time/french-format.ts";
import { isCalendarDate } from "../domain/time/zoned.ts";
import { CliFailure, type CliIo } from "./io.ts";

/** `ctg-bot echeance "TEXTE" [--ref YYYY-MM-DD] --json`: no database is opened. */
export async function echeanceCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ref: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const textArg = positionals.join(" ");
  if (textArg.trim() === "") {
    throw new CliFailure(
      "usage",
      'Indiquez le texte de l\'échéancier, par exemple : ctg-bot echeance "2023 : lancement 2024 : bilan" --json',
    );
  }
  if (values.ref !== undefined && !isCalendarDate(values.ref)) {
    throw new CliFailure(
      "invalid-date",
      `Date de référence invalide : « ${values.ref} ». Indiquez une date qui existe, au format AAAA-MM-JJ.`,
    );
  }
  const milestones = parseEcheancier(textArg, values.ref === undefined ? {} : { ref: values.ref });
  if (values.json) {
    io.out(JSON.stringify(milestones));
    return 0;
  }
  for (const m of milestones) {
    const when =
      m.start && m.end && m.precision ? formatPeriodFr(m.start, m.end, m.precision) : "date non lue";
    io.out(`${when} — ${m.label} (confiance ${m.confidence})`);
  }
  return 0;
}
