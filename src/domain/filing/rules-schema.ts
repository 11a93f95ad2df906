import { z } from "zod";
import { checkFileName } from "./names.ts";
import { parseTemplate } from "./template.ts";
import { DOCUMENT_TYPES, type DocumentType, INSTANCE_KINDS, type InstanceKind } from "./types.ts";

/** A territory's filing rules, as the engine uses them (the file's French keys are in `rulesFileSchema`). */
export interface FilingRules {
  /** Folder of the workspace under which the tree lives ("" for the root, "CTG/Espace collaboratif"…). */
  root: string;
  /** Where files wait when the bot asks: "A classer". */
  unsorted: string;
  /** Titles of axes, actions and groups in folder names are cut to this many characters. */
  titleMaxLength: number;
  /** Below this confidence the bot asks. */
  askBelow: number;
  /** A second folder this close to the best makes the bot ask. */
  askMargin: number;
  /** File name templates, tried in order (a rule may give its own). */
  fileNames: string[];
  rules: FilingRule[];
}

export interface FilingRule {
  key: string;
  /** Short French label offered when asking ("COPIL {année}"); the folder's last name when absent. */
  label: string | null;
  when: RuleCondition;
  /** Folder template, `/`-separated, relative to `root`. */
  folder: string;
  fileNames: string[] | null;
  /** 0..1: how much this rule counts against others that also match. */
  weight: number;
}

export interface RuleCondition {
  types: DocumentType[] | null;
  /** Types this rule never takes: a bilan "présenté en COPIL" is a bilan first. */
  excludedTypes: DocumentType[] | null;
  instances: InstanceKind[] | null;
  /** true: an action is known; false: none is. */
  action: boolean | null;
  commune: boolean | null;
  /** true: the plan has numbered actions; false: it has none. */
  planHasActions: boolean | null;
  /** true: the plan lists its communes; false: it lists none. */
  planHasCommunes: boolean | null;
  /** Words of the original file name, any of which is enough ("plaquette", "affiche"). */
  nameContains: string[] | null;
}

const text = z.string({ error: "texte attendu" }).trim().min(1, "ne doit pas être vide");
const key = z
  .string({ error: "identifiant attendu" })
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    "identifiant attendu : minuscules, chiffres et tirets (ex. « instances-copil »)",
  );

const template = text.superRefine((t, ctx) => {
  for (const message of parseTemplate(t).issues) ctx.addIssue({ code: "custom", message });
});

const folderTemplate = template.superRefine((t, ctx) => {
  if (t.startsWith("/") || t.endsWith("/"))
    ctx.addIssue({ code: "custom", message: "pas de « / » au début ni à la fin" });
  if (t.split("/").some((s) => s.trim() === "" || s.trim() === "." || s.trim() === ".."))
    ctx.addIssue({ code: "custom", message: "dossier vide, « . » ou « .. » interdit dans le chemin" });
});

const folderPath = z.string({ error: "chemin de dossier attendu" }).superRefine((p, ctx) => {
  if (p === "") return;
  for (const segment of p.split("/")) {
    const checked = checkFileName(segment);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: `« ${segment} » : ${checked.reason}` });
  }
});

/** `type: bilan` or `type: [bilan, diagnostic]`: one value is a list of one. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(item).min(1, "liste vide"));

const documentType = z.enum(DOCUMENT_TYPES, { error: `type attendu parmi : ${DOCUMENT_TYPES.join(", ")}` });
const instanceKind = z.enum(INSTANCE_KINDS, {
  error: `instance attendue parmi : ${INSTANCE_KINDS.join(", ")}`,
});
const yesNo = z.boolean({ error: "oui (true) ou non (false) attendu" });

const conditionSchema = z
  .strictObject({
    type: oneOrMany(documentType).optional(),
    sauf_type: oneOrMany(documentType).optional(),
    instance: oneOrMany(instanceKind).optional(),
    action: yesNo.optional(),
    commune: yesNo.optional(),
    /** true: the plan has numbered actions; false: it has none (one folder for them all). */
    fiches_au_plan: yesNo.optional(),
    /** true: the plan lists its communes; false: it lists none (a commune cannot be recognised). */
    communes_au_plan: yesNo.optional(),
    nom_contient: oneOrMany(text).optional(),
  })
  .refine(
    (c) => Object.values(c).some((v) => v !== undefined),
    "« si » doit contenir au moins une condition",
  );

const ruleSchema = z.strictObject({
  cle: key,
  libelle: template.optional(),
  si: conditionSchema,
  dossier: folderTemplate,
  noms: z.array(template, { error: "liste de modèles attendue" }).min(1, "liste vide").optional(),
  poids: z
    .number({ error: "nombre entre 0 et 1 attendu" })
    .min(0, "entre 0 et 1")
    .max(1, "entre 0 et 1")
    .default(1),
});

export const rulesFileSchema = z
  .strictObject({
    version: z.literal(1, { error: "version attendue : 1" }).default(1),
    racine: folderPath.default(""),
    a_classer: folderPath.refine((p) => p !== "", "ne doit pas être vide").default("A classer"),
    longueur_titre: z
      .number({ error: "nombre attendu" })
      .int("nombre entier attendu")
      .min(20)
      .max(200)
      .default(60),
    seuil_question: z.number({ error: "nombre entre 0 et 1 attendu" }).min(0).max(1).default(0.55),
    ecart_question: z.number({ error: "nombre entre 0 et 1 attendu" }).min(0).max(1).default(0.12),
    noms: z.array(template, { error: "liste de modèles attendue" }).min(1, "liste vide"),
    /** Named lists for YAML anchors (`&documents-de-fond`), reused in the rules; not read otherwise. */
    listes: z.record(z.string(), z.array(text, { error: "liste attendue" })).optional(),
    regles: z.array(ruleSchema, { error: "liste de règles attendue" }).min(1, "au moins une règle"),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.regles.forEach((r, i) => {
      if (seen.has(r.cle))
        ctx.addIssue({ code: "custom", path: ["regles", i, "cle"], message: `clé « ${r.cle} » en double` });
      seen.add(r.cle);
    });
  });

export type RulesFile = z.infer<typeof rulesFileSchema>;

/** The file's French keys → the engine's shape. */
export function toFilingRules(file: RulesFile): FilingRules {
  return {
    root: file.racine,
    unsorted: file.a_classer,
    titleMaxLength: file.longueur_titre,
    askBelow: file.seuil_question,
    askMargin: file.ecart_question,
    fileNames: file.noms,
    rules: file.regles.map((r) => ({
      key: r.cle,
      label: r.libelle ?? null,
      when: {
        types: r.si.type ?? null,
        excludedTypes: r.si.sauf_type ?? null,
        instances: r.si.instance ?? null,
        action: r.si.action ?? null,
        commune: r.si.commune ?? null,
        planHasActions: r.si.fiches_au_plan ?? null,
        planHasCommunes: r.si.communes_au_plan ?? null,
        nameContains: r.si.nom_contient ?? null,
      },
      folder: r.dossier,
      fileNames: r.noms ?? null,
      weight: r.poids,
    })),
  };
}
