import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { checkPlanReferences } from "./plan-references.ts";
import { type PlanFile, planSchema } from "./plan-schema.ts";

export interface PlanIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `actions[3].statut`. */
  field: string;
  message: string;
}

export type PlanParseResult = { ok: true; plan: PlanFile } | { ok: false; issues: PlanIssue[] };

export function formatPlanIssue(issue: PlanIssue): string {
  const where = issue.field ? `, champ « ${issue.field} »` : "";
  return `${issue.file}, ligne ${issue.line}${where} : ${issue.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Parses a plan file's text; every problem names the file, the line and the field, in French. */
export function parsePlan(
  source: string,
  file: string,
  options: { defaultTimezone?: string } = {},
): PlanParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        field: "",
        message: `YAML illisible (${translateYamlError(e.code)})`,
      })),
    };
  }
  const locate = (path: readonly PropertyKey[]) => {
    const node = deepestNode(doc.contents, path);
    const offset = node?.range?.[0] ?? 0;
    return at(offset);
  };
  const raw: unknown = doc.toJS();
  const territory = (raw as { territoire?: unknown } | null)?.territoire;
  if (
    options.defaultTimezone &&
    territory !== null &&
    typeof territory === "object" &&
    !("fuseau" in territory)
  ) {
    (territory as Record<string, unknown>).fuseau = options.defaultTimezone;
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => toIssue(file, i, locate)) };
  }
  const refIssues = checkPlanReferences(parsed.data);
  if (refIssues.length > 0) {
    return {
      ok: false,
      issues: refIssues.map((r) => ({
        file,
        ...locate(r.path),
        field: formatPath(r.path),
        message: r.message,
      })),
    };
  }
  return { ok: true, plan: parsed.data };
}

function toIssue(
  file: string,
  issue: z.core.$ZodIssue,
  locate: (path: readonly PropertyKey[]) => { line: number; column: number },
): PlanIssue {
  const path = issue.path;
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    message = `champ inconnu : ${issue.keys.map((k) => `« ${k} »`).join(", ")}`;
    const first = issue.keys[0];
    if (first !== undefined)
      return { file, ...locate([...path, first]), field: formatPath([...path, first]), message };
  } else if (issue.code === "invalid_type" && issue.input === undefined) {
    message = "champ obligatoire manquant";
  }
  return { file, ...locate(path), field: formatPath(path), message };
}

/** The node at `path`, or the deepest existing ancestor (a missing field points at its parent). */
function deepestNode(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node = root as Node | undefined;
  for (const part of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === part);
      next = pair?.value ?? undefined;
      if (pair && !next) next = pair.key;
    } else if (isSeq(node) && typeof part === "number") {
      next = node.items[part];
    }
    if (!next) return node;
    node = next as Node;
  }
  return node;
}

function translateYamlError(code: string): string {
  const known: Record<string, string> = {
    DUPLICATE_KEY: "clé en double",
    BAD_INDENT: "indentation incorrecte",
    MISSING_CHAR: "caractère manquant",
    BLOCK_AS_IMPLICIT_KEY: "bloc mal placé",
    MULTILINE_IMPLICIT_KEY: "clé sur plusieurs lignes",
    UNEXPECTED_TOKEN: "caractère inattendu",
    TAB_AS_INDENT: "tabulation utilisée pour l'indentation",
  };
  return known[code] ?? code;
}
