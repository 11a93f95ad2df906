import { normalizeKey } from "../text/normalize.ts";
import type { PlanFile } from "./plan-schema.ts";

export interface ReferenceIssue {
  path: (string | number)[];
  message: string;
}

/** Cross-field checks zod cannot express per field: unique numbers and keys, references that exist. */
export function checkPlanReferences(plan: PlanFile): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const duplicates = <T>(items: T[], keyOf: (t: T) => string, path: string, field: string, what: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = keyOf(item);
      if (seen.has(k))
        issues.push({ path: [path, i, field], message: `${what} « ${k} » déjà utilisé plus haut` });
      seen.add(k);
    });
    return seen;
  };
  const axes = duplicates(plan.axes, (a) => a.numero, "axes", "numero", "numéro d'axe");
  const actions = duplicates(plan.actions, (a) => a.numero, "actions", "numero", "numéro d'action");
  duplicates(plan.instances, (x) => x.cle, "instances", "cle", "identifiant");
  duplicates(plan.evenements, (x) => x.cle, "evenements", "cle", "identifiant");
  duplicates(plan.personnes, (x) => x.cle, "personnes", "cle", "identifiant");
  duplicates(plan.regles, (x) => x.cle, "regles", "cle", "identifiant");
  const communes = duplicates(plan.communes, (c) => normalizeKey(c.nom), "communes", "nom", "commune");

  const knownCommune = (name: string) => communes.has(normalizeKey(name));
  plan.actions.forEach((action, i) => {
    if (action.axe !== undefined && !axes.has(action.axe)) {
      issues.push({
        path: ["actions", i, "axe"],
        message: `axe « ${action.axe} » absent de la liste des axes`,
      });
    }
    action.jalons?.forEach((j, k) => {
      if (j.fin < j.debut)
        issues.push({ path: ["actions", i, "jalons", k, "fin"], message: "la fin précède le début" });
    });
  });
  plan.personnes.forEach((person, i) => {
    person.roles.forEach((role, k) => {
      if (role.commune !== undefined && !knownCommune(role.commune)) {
        issues.push({
          path: ["personnes", i, "roles", k, "commune"],
          message: `commune « ${role.commune} » inconnue`,
        });
      }
      if (role.action !== undefined && !actions.has(role.action)) {
        issues.push({
          path: ["personnes", i, "roles", k, "action"],
          message: `action « ${role.action} » inconnue`,
        });
      }
    });
  });
  plan.equipements.forEach((eq, i) => {
    if (!knownCommune(eq.commune)) {
      issues.push({
        path: ["equipements", i, "commune"],
        message: `commune « ${eq.commune} » absente de la liste des communes`,
      });
    }
  });
  plan.evenements.forEach((ev, i) => {
    if (ev.fin !== undefined && ev.fin.length !== ev.debut.length) {
      issues.push({
        path: ["evenements", i, "fin"],
        message: "la fin s'écrit comme le début : deux dates seules, ou deux dates avec heure",
      });
    } else if (ev.fin !== undefined && ev.fin < ev.debut) {
      issues.push({ path: ["evenements", i, "fin"], message: "la fin précède le début" });
    }
  });
  const conv = plan.territoire.convention;
  if (conv?.debut && conv.fin && conv.fin < conv.debut) {
    issues.push({
      path: ["territoire", "convention", "fin"],
      message: "la fin de la convention précède son début",
    });
  }
  return issues;
}
