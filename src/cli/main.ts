import { parseArgs } from "node:util";
import { ConfigError } from "../config/config.ts";
import { type CliErrorCode, CliFailure, type CliIo, jsonError, processIo } from "./io.ts";

const USAGE = `Usage : ctg-bot <commande> [options]

  start                         lance le bot (console si aucune messagerie n'est configurée)
  console [--territoire SLUG] [--eval "/ctg …"] [--now AAAA-MM-JJTHH:MM]
                                discute avec le bot dans le terminal
  import FICHIER… [--json]      importe ou met à jour des plans (YAML)
  export SLUG [--sortie FICHIER] réécrit le plan d'un territoire en YAML
  valider FICHIER…              vérifie des plans sans toucher à la base
  ask "QUESTION" [--territoire SLUG] [--now AAAA-MM-JJ] [--json]
                                pose une question libre sur le plan
  rappels --territoire SLUG --du AAAA-MM-JJ --au AAAA-MM-JJ --dry-run [--json]
                                aperçu des rappels d'une période, sans rien envoyer
  ranger FICHIER --territoire SLUG [--message "TEXTE"] [--now AAAA-MM-JJ] [--dry-run] [--json]
                                range un document (ou montre où il irait, avec --dry-run)
  echeance "TEXTE" [--ref AAAA-MM-JJ] [--json]
                                lit un échéancier en jalons datés
  personnes export|oublier PERSONNE [--territoire SLUG] [--oui]
                                données personnelles d'une personne : les exporter, les effacer
  purger [--json]               supprime ce qui dépasse les durées de conservation
  doctor [--json]               vérifie la configuration et les connexions
  env-example [--check]         écrit .env.example (ou vérifie qu'il est à jour)`;

type Sub = (args: string[], io: CliIo) => Promise<number>;

const subcommands: Record<string, () => Promise<Sub>> = {
  start: async () => (await import("./console-command.ts")).startCommand,
  console: async () => (await import("./console-command.ts")).consoleCommand,
  import: async () => (await import("./import-command.ts")).importCommand,
  export: async () => (await import("./export-command.ts")).exportCommand,
  valider: async () => (await import("./validate-command.ts")).validateCommand,
  validate: async () => (await import("./validate-command.ts")).validateCommand,
  rappels: async () => (await import("./reminders-command.ts")).remindersCommand,
  ask: async () => (await import("./ask-command.ts")).askCommand,
  echeance: async () => (await import("./echeance-command.ts")).echeanceCommand,
  ranger: async () => (await import("./ranger-command.ts")).rangerCommand,
  personnes: async () => (await import("./personnes-command.ts")).personnesCommand,
  purger: async () => (await import("./purger-command.ts")).purgerCommand,
  doctor: async () => (await import("./doctor-command.ts")).doctorCommand,
  "env-example": async () => (await import("./env-example-command.ts")).envExampleCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "aide") {
    io.err(USAGE);
    return name === undefined ? 2 : 0;
  }
  const json = rest.includes("--json");
  const watched = watchOutput(io);
  const fail = (code: CliErrorCode, message: string, exitCode: number): number => {
    io.err(message);
    if (json && !watched.wrote) io.out(jsonError(code, message));
    return exitCode;
  };
  const load = subcommands[name];
  if (load === undefined) return fail("unknown-command", `Commande inconnue : « ${name} ».\n\n${USAGE}`, 2);
  try {
    const exitCode = await (await load())(rest, watched.io);
    // A failure a command reported in words only still gives a program its one JSON object.
    if (json && exitCode !== 0 && !watched.wrote) {
      io.out(jsonError("failed", watched.said.join("\n") || "La commande a échoué."));
    }
    return exitCode;
  } catch (error) {
    if (error instanceof CliFailure) return fail(error.code, error.message, error.exitCode);
    if (error instanceof ConfigError) return fail("configuration", error.message, 78);
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      io.err(USAGE);
      return fail("invalid-option", `Option invalide : ${error.message}`, 2);
    }
    return fail("failed", `Erreur : ${(error as Error).message}`, 1);
  }
}

/** The command's io, remembering whether it wrote stdout and what it told people on stderr. */
function watchOutput(io: CliIo): { io: CliIo; readonly wrote: boolean; said: string[] } {
  const said: string[] = [];
  let wrote = false;
  return {
    io: {
      out: (line) => {
        wrote = true;
        io.out(line);
      },
      err: (line) => {
        said.push(line);
        io.err(line);
      },
    },
    get wrote() {
      return wrote;
    },
    said,
  };
}

export { parseArgs };
