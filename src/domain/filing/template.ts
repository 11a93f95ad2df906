/**
 * Folder and file name templates of the rule file: `{variable}`, `{variable|si absente}`, and
 * `[ … ]` for a part dropped when one of its variables is missing:
 * `{date} - {type}[ - {sujet}]`, `03 Instances/Groupes de travail/{instance.nom}/{année}`.
 */

export const TEMPLATE_VARIABLES = [
  "date",
  "année",
  "annee",
  "mois",
  "jour",
  "type",
  "sujet",
  "original",
  "territoire",
  "instance",
  "instance.nom",
  "axe",
  "axe.numero",
  "axe.titre",
  "action",
  "action.numero",
  "action.titre",
  "commune",
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateVars = Partial<Record<TemplateVariable, string>>;

type Part =
  | { kind: "text"; text: string }
  | { kind: "var"; name: TemplateVariable; fallback: string | null }
  | { kind: "optional"; parts: Part[] };

const isVariable = (name: string): name is TemplateVariable =>
  (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** The parts of a template, or what is wrong with it (French, for the rule file's errors). */
export function parseTemplate(template: string): { parts: Part[]; issues: string[] } {
  const issues: string[] = [];
  const root: Part[] = [];
  let current = root;
  let optional: Part[] | null = null;
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) {
        issues.push("accolade « { » non fermée");
        break;
      }
      const [name = "", fallback] = template.slice(i + 1, end).split("|");
      const trimmed = name.trim();
      if (isVariable(trimmed)) current.push({ kind: "var", name: trimmed, fallback: fallback ?? null });
      else issues.push(`variable inconnue « {${trimmed}} » (connues : ${TEMPLATE_VARIABLES.join(", ")})`);
      i = end + 1;
    } else if (ch === "}") {
      issues.push("accolade « } » sans « { »");
      i++;
    } else if (ch === "[") {
      if (optional !== null) issues.push("crochets « [ » imbriqués");
      optional = [];
      current = optional;
      i++;
    } else if (ch === "]") {
      if (optional === null) issues.push("crochet « ] » sans « [ »");
      else root.push({ kind: "optional", parts: optional });
      optional = null;
      current = root;
      i++;
    } else {
      const next = template.slice(i).search(/[{}[\]]/);
      const text = next < 0 ? template.slice(i) : template.slice(i, i + next);
      current.push({ kind: "text", text });
      i += text.length;
    }
  }
  if (optional !== null) issues.push("crochet « [ » non fermé");
  return { parts: root, issues };
}

const lookUp = (vars: TemplateVars, name: TemplateVariable): string | undefined => {
  const v = vars[name] ?? (name === "annee" ? vars.année : name === "année" ? vars.annee : undefined);
  return v === undefined || v.trim() === "" ? undefined : v;
};

function renderParts(parts: readonly Part[], vars: TemplateVars): string | null {
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") out += part.text;
    else if (part.kind === "var") {
      const v = lookUp(vars, part.name) ?? part.fallback ?? undefined;
      if (v === undefined) return null;
      out += v;
    } else out += renderParts(part.parts, vars) ?? "";
  }
  return out;
}

/** The template filled in, or null when a required variable is missing (the rule does not apply). */
export function renderTemplate(template: string, vars: TemplateVars): string | null {
  const { parts, issues } = parseTemplate(template);
  return issues.length > 0 ? null : renderParts(parts, vars);
}

/** Variables a template cannot do without (outside `[ ]`, without `|` default). */
export function requiredVariables(template: string): TemplateVariable[] {
  return parseTemplate(template).parts.flatMap((p) =>
    p.kind === "var" && p.fallback === null ? [p.name] : [],
  );
}
