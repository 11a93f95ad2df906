import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { formatPath } from "../plan/load-plan.ts";
import { type FilingRules, rulesFileSchema, toFilingRules } from "./rules-schema.ts";

export interface RulesIssue {
  file: string;
  line: number;
  /** Dotted path of the key: `regles[2].dossier`. */
  field: string;
  message: string;
}

export type RulesParseResult = { ok: true; rules: FilingRules } | { ok: false; issues: RulesIssue[] };

/** « regles.yaml, ligne 12, clé « regles[2].dossier » : variable inconnue « {anne} » ». */
export function formatRulesIssue(issue: RulesIssue): string {
  const where = issue.field ? `, clé « ${issue.field} »` : "";
  return `${issue.file}, ligne ${issue.line}${where} : ${issue.message}`;
}

/** Reads a rule file's text; every problem names the file, the line and the key, in French. */
export function parseFilingRules(source: string, file: string): RulesParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lines.linePos(offset).line;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file,
        line: lineAt(e.pos[0]),
        field: "",
        message: `YAML illisible (${e.code})`,
      })),
    };
  }
  const parsed = rulesFileSchema.safeParse(doc.toJS());
  if (parsed.success) return { ok: true, rules: toFilingRules(parsed.data) };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const path = issuePath(issue);
      return {
        file,
        line: lineAt(nodeAt(doc.contents, path)?.range?.[0] ?? 0),
        field: formatPath(path),
        message: message(issue),
      };
    }),
  };
}

function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined)
    return [...issue.path, issue.keys[0]];
  return [...issue.path];
}

function message(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `clé inconnue : ${issue.keys.map((k) => `« ${k} »`).join(", ")}`;
  if (issue.code === "invalid_type" && issue.input === undefined) return "clé obligatoire manquante";
  return issue.message;
}

/** The YAML node at `path`, or its deepest existing ancestor (a missing key points at its parent). */
function nodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node: unknown = root;
  let last: Node | undefined = isMap(root) || isSeq(root) ? root : undefined;
  for (const part of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === part);
      next = pair?.value ?? pair?.key;
    } else if (isSeq(node) && typeof part === "number") next = node.items[part];
    if (next === undefined || next === null) return last;
    node = next;
    if (isMap(next) || isSeq(next) || isScalar(next)) last = next;
  }
  return last;
}
