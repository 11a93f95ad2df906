import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { openDatabase } from "../store/database.ts";
import { exportPlan, planToYaml } from "../store/plan-export.ts";
import type { CliIo } from "./io.ts";

/** `ctg-bot export SLUG [--sortie FICHIER]`: the plan file format, written back losslessly. */
export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { sortie: { type: "string", short: "o" }, output: { type: "string" } },
  });
  const [slug] = positionals;
  if (slug === undefined) {
    io.err("Indiquez l'identifiant du territoire, par exemple : npx ctg-bot export agen");
    return 2;
  }
  const config = loadConfig(process.env);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const plan = await exportPlan(db.prisma, slug);
    if (plan === null) {
      const known = (await db.prisma.territory.findMany({ select: { slug: true } })).map((t) => t.slug);
      io.err(`Territoire inconnu : « ${slug} ». Territoires : ${known.join(", ") || "aucun"}.`);
      return 2;
    }
    const yaml = planToYaml(plan);
    const target = values.sortie ?? values.output;
    if (target) {
      await writeFile(target, yaml);
      io.err(`${slug} exporté dans ${target}.`);
    } else {
      io.out(yaml.trimEnd());
    }
    return 0;
  } finally {
    await db.close();
  }
}
