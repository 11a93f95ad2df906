import { describe, expect, it } from "vitest";
import { formatPlanIssue, parsePlan } from "../../src/domain/plan/load-plan.ts";

const minimal = `territoire:
  slug: essai
  nom: Territoire d'essai
axes:
  - numero: "1"
    titre: Premier axe
communes:
  - nom: Saint-Nicolas-de-la-Balerme
actions:
  - numero: "1.1"
    axe: "1"
    titre: Une action
    echeancier: "2024 : lancement"
`;

describe("plan file validation", () => {
  it("accepts a minimal plan and applies the defaults", () => {
    const result = parsePlan(minimal, "essai.yaml");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.territoire.fuseau).toBe("Europe/Paris");
    expect(result.plan.actions[0]?.statut).toBe("a_lancer");
    expect(result.plan.evenements).toEqual([]);
  });

  it("uses the configured default timezone when the file names none", () => {
    const result = parsePlan(minimal, "essai.yaml", { defaultTimezone: "America/Cayenne" });
    expect(result.ok && result.plan.territoire.fuseau).toBe("America/Cayenne");
  });

  it("names the file, the line and the field of a bad status, in French", () => {
    const result = parsePlan(
      minimal.replace('    echeancier: "2024 : lancement"', "    statut: fini"),
      "essai.yaml",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(formatPlanIssue(result.issues[0] as never)).toBe(
      "essai.yaml, ligne 13, champ « actions[0].statut » : statut attendu parmi : a_lancer, en_cours, realisee, suspendue, abandonnee",
    );
  });

  it("points at an unknown field by its own line", () => {
    const result = parsePlan(`${minimal}    pilotte: Mme X\n`, "essai.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      line: 14,
      field: "actions[0].pilotte",
      message: "champ inconnu : « pilotte »",
    });
  });

  it("says which required field is missing", () => {
    const result = parsePlan(minimal.replace("    titre: Une action\n", ""), "essai.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      field: "actions[0].titre",
      message: "champ obligatoire manquant",
      line: 10,
    });
  });

  it("rejects a malformed or impossible date", () => {
    const bad = `${minimal}evenements:\n  - cle: copil\n    type: copil\n    titre: COPIL\n    debut: 2024-02-30\n`;
    const result = parsePlan(bad, "essai.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      line: 18,
      field: "evenements[0].debut",
      message: "date inexistante",
    });
  });

  it("rejects a reference to an axis that does not exist", () => {
    const result = parsePlan(minimal.replace('axe: "1"', 'axe: "7"'), "essai.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      line: 11,
      field: "actions[0].axe",
      message: "axe « 7 » absent de la liste des axes",
    });
  });

  it("rejects two actions with the same number", () => {
    const dup = `${minimal}  - numero: "1.1"\n    titre: Doublon\n`;
    const result = parsePlan(dup, "essai.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      line: 14,
      message: "numéro d'action « 1.1 » déjà utilisé plus haut",
    });
  });

  it("matches equipment communes whatever the spelling (St, accents, hyphens)", () => {
    const withEquipment = `${minimal}equipements:\n  - commune: ST NICOLAS DE LA BALERME\n    type: ALSH\n    nom: Les Amis du RPI\n`;
    expect(parsePlan(withEquipment, "essai.yaml").ok).toBe(true);
    const unknown = withEquipment.replace("ST NICOLAS DE LA BALERME", "Boé");
    const result = parsePlan(unknown, "essai.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]?.message).toBe("commune « Boé » absente de la liste des communes");
  });

  it("reports broken YAML with its line", () => {
    const result = parsePlan("territoire:\n  slug: a\n  slug: b\n", "casse.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatPlanIssue(result.issues[0] as never)).toBe(
        "casse.yaml, ligne 3 : YAML illisible (clé en double)",
      );
  });

  it("rejects an unknown timezone", () => {
    const result = parsePlan(
      minimal.replace("  nom: Territoire d'essai", "  nom: Territoire d'essai\n  fuseau: Europe/Pariss"),
      "essai.yaml",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ field: "territoire.fuseau", line: 4 });
  });

  it("refuses an event whose end is written unlike its start (date alone vs date and time)", () => {
    const bad = `${minimal}evenements:\n  - cle: jr\n    type: journee_ressources\n    titre: JR\n    debut: 2027-04-15\n    fin: 2027-04-15T17:00\n`;
    const result = parsePlan(bad, "essai.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]).toMatchObject({
        line: 19,
        field: "evenements[0].fin",
        message: "la fin s'écrit comme le début : deux dates seules, ou deux dates avec heure",
      });
    }
  });
});
