import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { renderEnvExample } from "../config/config.ts";
import type { CliIo } from "./io.ts";

export async function envExampleCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: "boolean", default: false },
      file: { type: "string", default: ".env.example" },
    },
  });
  const expected = renderEnvExample();
  if (values.check) {
    const current = await readFile(values.file, "utf8").catch(() => "");
    if (current !== expected) {
      io.err(`${values.file} n'est plus à jour : lancez « npx ctg-bot env-example ».`);
      return 1;
    }
    io.err(`${values.file} est à jour.`);
    return 0;
  }
  await writeFile(values.file, expected);
  io.err(`${values.file} écrit.`);
  return 0;
}
