import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { CLI_ACTOR } from "../domain/audit.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { openDatabase } from "../store/database.ts";
import { countForget, type ForgetCounts, forgetSubject } from "../store/forget-person.ts";
import {
  actorIdOf,
  findSubject,
  type PersonRecord,
  personRefOf,
  planMentions,
  type Subject,
} from "../store/personal-data.ts";
import { exportSubject, isEmptyExport } from "../store/personal-data-export.ts";
import { PrismaAuditLog } from "../store/prisma-audit-log.ts";
import { DEMO_PLANS_DIR } from "../store/seed.ts";
import type { CliIo } from "./io.ts";

const USAGE = `Usage :
  ctg-bot personnes export <personne> [--territoire SLUG]
      écrit en JSON (sortie standard) tout ce que le bot conserve sur la personne
  ctg-bot personnes oublier <personne> [--territoire SLUG] [--oui]
      montre ce qui serait effacé ; avec --oui, l'efface

<personne> : sa clé dans le plan, son adresse électronique, son identifiant de messagerie
(U0123ABCD, slack:U0123ABCD, @alice:example.org) ou son nom.`;

export interface PersonnesOptions {
  action: "export" | "oublier";
  query: string;
  territory?: string;
  yes: boolean;
}

/** Reads `personnes export|oublier <personne> [--territoire SLUG] [--oui]`; null after explaining. */
export function readPersonnesArgs(argv: string[], io: CliIo): PersonnesOptions | null {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { territoire: { type: "string" }, oui: { type: "boolean", default: false } },
  });
  const [action, ...words] = positionals;
  const query = words.join(" ").trim();
  if ((action !== "export" && action !== "oublier") || query === "") {
    io.err(USAGE);
    return null;
  }
  return {
    action,
    query,
    ...(values.territoire !== undefined ? { territory: values.territoire } : {}),
    yes: values.oui,
  };
}

/** `ctg-bot personnes …`: a person's right of access (export) and to erasure (oublier). */
export async function personnesCommand(argv: string[], io: CliIo): Promise<number> {
  const options = readPersonnesArgs(argv, io);
  if (options === null) return 2;
  const config = loadConfig(process.env);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    return await runPersonnes(options, io, db.prisma, () => new Date());
  } finally {
    await db.close();
  }
}

const describePerson = (p: PersonRecord) => `${p.name} (${p.territory}, clé ${p.key})`;

/** Runs the request on an open database (the CLI's, or a test's). Exit code as the CLI's. */
export async function runPersonnes(
  options: PersonnesOptions,
  io: CliIo,
  prisma: PrismaClient,
  clock: () => Date,
): Promise<number> {
  const found = await findSubject(
    prisma,
    options.query,
    options.territory ? { territory: options.territory } : {},
  );
  if (found.status === "unknown-territory") {
    const known = (await prisma.territory.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map(
      (t) => t.slug,
    );
    io.err(`Territoire inconnu : « ${options.territory} ». Territoires : ${known.join(", ") || "aucun"}.`);
    return 2;
  }
  if (found.status === "ambiguous") {
    io.err(
      `Plusieurs personnes correspondent à « ${options.query} » : ${found.candidates.map(describePerson).join(" ; ")}.\nPrécisez sa clé, son adresse électronique ou --territoire.`,
    );
    return 2;
  }
  const unknown = `Je ne trouve personne pour « ${options.query} » (clé, adresse électronique, identifiant de messagerie ou nom)${options.territory ? ` à ${options.territory}` : ""}.`;
  if (found.status === "unknown") {
    io.err(unknown);
    return 1;
  }
  const { subject } = found;
  const now = clock();
  const audit = new PrismaAuditLog(prisma, clock);
  if (options.action === "export") {
    const data = await exportSubject(prisma, subject, now);
    if (isEmptyExport(data)) {
      io.err(unknown);
      return 1;
    }
    io.out(JSON.stringify(data, null, 2));
    for (const target of targetsOf(subject)) {
      await audit.record({
        territoryId: target.territoryId,
        actor: CLI_ACTOR,
        action: "person.exported",
        target: target.ref,
        details: {},
      });
    }
    io.err(
      `Données de ${who(subject)} exportées (${data.documents.length} document(s), ${data.audit.length} entrée(s) du journal).`,
    );
    return 0;
  }
  const counts = await countForget(prisma, subject);
  if (Object.values(counts).every((n) => n === 0)) {
    io.err(unknown);
    return 1;
  }
  const mentions = await planMentions(prisma, subject);
  if (!options.yes) {
    io.err(`Aperçu pour ${who(subject)} — rien n'a été modifié.`);
    for (const line of describeCounts(counts, "seraient")) io.err(`  ${line}`);
    io.err("Pour effacer ces données, relancez la même commande avec --oui.");
    return 0;
  }
  const { pseudonym } = await forgetSubject(prisma, subject, { now, actor: CLI_ACTOR });
  io.err(`${who(subject)} : données effacées. Pseudonyme dans les historiques : ${pseudonym}.`);
  for (const line of describeCounts(counts, "ont été")) io.err(`  ${line}`);
  io.err(
    "Les documents eux-mêmes restent dans l'espace collaboratif : ils appartiennent à la CTG (seul le nom de la personne qui les a déposés est remplacé).",
  );
  for (const p of subject.persons) io.err(`⚠ ${await planFileWarning(p)}`);
  for (const m of mentions) {
    io.err(
      `⚠ Nom mentionné dans le plan de ${m.territory}, ${m.where} : « ${m.text} » (non modifié : c'est le texte de la convention).`,
    );
  }
  return 0;
}

const who = (subject: Subject) => subject.persons[0]?.name ?? subject.accounts.map(actorIdOf).join(", ");

/** One "person.exported" entry per territory where the person is, or one for a bare chat account. */
function targetsOf(subject: Subject): { territoryId: string | null; ref: string }[] {
  if (subject.persons.length > 0)
    return subject.persons.map((p) => ({ territoryId: p.territoryId, ref: personRefOf(p) }));
  return subject.accounts.map((a) => ({ territoryId: null, ref: actorIdOf(a) }));
}

function describeCounts(c: ForgetCounts, verb: string): string[] {
  const lines: [number, string][] = [
    [
      c.persons,
      `fiche(s) personne ${verb} supprimée(s) (${c.roles} rôle(s), ${c.identities} identité(s) de messagerie)`,
    ],
    [
      c.documents,
      `document(s) déposé(s) : le nom du déposant ${verb === "ont été" ? "a été" : "serait"} remplacé par un pseudonyme`,
    ],
    [c.corrections, `choix de rangement ${verb} pseudonymisé(s)`],
    [c.subscriptionsDeleted, `abonnement(s) aux rappels en message direct ${verb} supprimé(s)`],
    [
      c.subscriptionsPseudonymised,
      `abonnement(s) de canal créé(s) par la personne ${verb} conservé(s) pour le canal, sans son nom`,
    ],
    [c.outboxDeleted, `rappel(s) non remis en message direct ${verb} supprimé(s)`],
    [
      c.outboxErased,
      `rappel(s) remis en message direct ${verb} vidé(s) de leur texte et de leur destinataire`,
    ],
    [c.audit, `entrée(s) du journal d'audit ${verb} pseudonymisée(s)`],
    [c.chatEvents, `clic(s) mémorisé(s) ${verb} supprimé(s)`],
    [c.matrixState, `choix Matrix en attente ${verb} supprimé(s)`],
  ];
  const shown = lines.filter(([n]) => n > 0).map(([n, text]) => `${n} ${text}`);
  return shown.length ? shown : ["rien à effacer"];
}

/** The plan file would bring the person back at the next import: say where to remove them. */
async function planFileWarning(p: PersonRecord): Promise<string> {
  const file = path.join(DEMO_PLANS_DIR, `${p.territory}.yaml`);
  const source = await readFile(file, "utf8").catch(() => null);
  const named =
    source !== null &&
    new RegExp(`^\\s*-?\\s*cle:\\s*["']?${escapeRegExp(p.key)}["']?\\s*$`, "m").test(source);
  const where = named ? `de ${path.relative(process.cwd(), file)}` : `du fichier de plan de ${p.territory}`;
  return `${p.name} vient du plan de ${p.territory} : retirez cette personne (personnes, clé « ${p.key} ») ${where} avant le prochain « ctg-bot import », qui la recréerait sinon.`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
