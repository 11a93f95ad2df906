import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { documentName, loadKnowledge, requireCommune } from "../src/core/knowledge-context.ts";
import { type Block, context, heading, list, reply, text } from "../src/core/reply.ts";
import type { Person, Rule } from "../src/domain/knowledge.ts";
import { ofName, theName } from "../src/domain/text/french-names.ts";

const ROLE_LABELS = { referent_technique: "référent technique", referent_elu: "référent élu" } as const;
type ReferentRole = keyof typeof ROLE_LABELS;
const isReferentRole = (role: string): role is ReferentRole => role in ROLE_LABELS;

/** The standard rule keys about référents (docs/plan-format.md). */
const RULE_KEYS = ["referents-par-commune", "referents-mise-a-jour"];

interface Referent {
  person: Person;
  role: ReferentRole;
  commune: string | null;
  detail: string | null;
}

function line(r: Referent): string {
  const p = r.person;
  return [
    r.commune ? `${r.commune} : ` : "",
    p.name,
    ` — ${ROLE_LABELS[r.role]}`,
    r.detail ? ` (${r.detail})` : "",
    p.organisation ? `, ${p.organisation}` : "",
    p.email ? ` — ${p.email}` : "",
  ].join("");
}

function ruleLine(rule: Rule): string {
  return `Règle ${documentName(rule.source).of} : « ${rule.text} »${rule.source ? ` (${rule.source})` : ""}.`;
}

export const referents = defineCommand({
  name: "referents",
  aliases: ["référents", "referent", "référent"],
  summary: "les référents CTG du territoire ou d'une commune",
  usage: "referents [commune]",
  help: "Liste les référents CTG (référents techniques et référents élus) du territoire, ou d'une commune : le nom se tape librement (« st nicolas de la balerme », « boe »). Quand aucun référent n'est enregistré, je le dis et je cite la règle du territoire sur les référents s'il y en a une.",
  examples: ["referents", "referents Boé", "referents saint nicolas de la balerme"],
  positional: ["commune"],
  args: z.object({ commune: z.string().optional() }),
  permission: "everyone",
  async run({ commune: asked }, ctx) {
    const { knowledge } = await loadKnowledge(ctx);
    const { territory } = knowledge;
    // A plan that lists no commune cannot tell a commune's référents: said, not refused.
    const unlisted = asked !== undefined && knowledge.communes.length === 0;
    const commune =
      asked === undefined || unlisted
        ? null
        : requireCommune(asked, knowledge, (name) => `referents ${name}`);
    const where = commune?.name ?? (unlisted ? asked : undefined) ?? theName(territory);
    const found: Referent[] = unlisted
      ? []
      : knowledge.persons.flatMap((person) =>
          person.roles.flatMap((r) =>
            isReferentRole(r.role) && (commune === null || r.commune === commune.name)
              ? [{ person, role: r.role, commune: commune === null ? r.commune : null, detail: r.detail }]
              : [],
          ),
        );
    const rules = knowledge.rules.filter((r) => RULE_KEYS.includes(r.key));
    const source = context(`Source : ${territory.source ?? territory.name}.`);
    if (found.length === 0) {
      const blocks: Block[] = [text(`Aucun référent CTG n'est enregistré pour ${where}.`)];
      if (unlisted) blocks.push(context(`Le plan ${ofName(territory)} ne liste pas ses communes.`));
      if (rules.length) blocks.push(...rules.map((r) => text(ruleLine(r))));
      else
        blocks.push(context(`Aucune règle sur les référents n'est enregistrée pour ${theName(territory)}.`));
      blocks.push(source);
      return reply(...blocks);
    }
    found.sort(
      (a, b) =>
        (a.commune ?? "").localeCompare(b.commune ?? "", "fr") ||
        Object.keys(ROLE_LABELS).indexOf(a.role) - Object.keys(ROLE_LABELS).indexOf(b.role),
    );
    const update = rules.find((r) => r.key === "referents-mise-a-jour");
    return reply(
      heading(`Référents CTG — ${where}`),
      list(found.map(line)),
      ...(update ? [context(ruleLine(update))] : []),
      source,
    );
  },
});
