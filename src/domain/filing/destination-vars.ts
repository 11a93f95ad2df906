import type { TerritoryKnowledge } from "../knowledge.ts";
import { DOCUMENT_TYPE_LABELS } from "./labels.ts";
import { TEMPLATE_VARIABLES, type TemplateVars } from "./template.ts";
import { shortenTitle } from "./title.ts";
import { splitExtension } from "./tokens.ts";
import type { Classification } from "./types.ts";

/** Everything a folder or name template may use, from a classification and the plan. */
export function templateVars(
  classification: Classification,
  knowledge: TerritoryKnowledge,
  originalName: string,
  titleMax: number,
): TemplateVars {
  const vars: TemplateVars = {
    original: splitExtension(originalName).stem,
    territoire: knowledge.territory.shortName ?? knowledge.territory.name,
  };
  const date = classification.date?.value;
  if (date !== undefined) {
    vars.date = date;
    vars.année = classification.year?.value ?? date.slice(0, 4);
    vars.mois = date.slice(5, 7);
    vars.jour = date.slice(8, 10);
  }
  const type = classification.type?.value;
  if (type !== undefined && type !== "autre") vars.type = DOCUMENT_TYPE_LABELS[type];
  const instance = classification.instance?.value;
  if (instance !== undefined) {
    vars.instance = instance.label;
    if (instance.name !== null) vars["instance.nom"] = shortenTitle(instance.name, titleMax);
  }
  const number = classification.action?.value;
  const action = knowledge.actions.find((a) => a.number === number);
  if (action !== undefined) {
    vars.action = action.number;
    vars["action.numero"] = action.number;
    vars["action.titre"] = shortenTitle(action.title, titleMax);
    const axis = knowledge.axes.find((a) => a.number === action.axisNumber);
    const axisTitle = axis?.title ?? action.axisTitle;
    if (action.axisNumber !== null && axisTitle !== null) {
      vars.axe = action.axisNumber;
      vars["axe.numero"] = action.axisNumber;
      vars["axe.titre"] = shortenTitle(axisTitle, titleMax);
    }
  }
  const commune = classification.commune?.value;
  if (commune !== undefined) vars.commune = commune;
  vars.sujet =
    vars.instance ?? (vars.action !== undefined ? `Action ${vars.action}` : undefined) ?? vars.commune;
  // A value is one name: "des 11/17 ans" in a title must not open a sub-folder.
  for (const k of TEMPLATE_VARIABLES) {
    const v = vars[k];
    if (v !== undefined) vars[k] = v.replace(/\s*[/\\]\s*/g, "-");
  }
  return vars;
}
