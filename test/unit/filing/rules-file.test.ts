import { describe, expect, it } from "vitest";
import { formatRulesIssue, parseFilingRules } from "../../../src/domain/filing/parse-rules.ts";
import { FilingRulesError, loadFilingRules } from "../../../src/filing/rules-file.ts";

const MINIMAL = `noms:
  - "{date} - {type}"
regles:
  - cle: copil
    si: { instance: copil }
    dossier: Instances/COPIL/{année}
`;

const issues = (source: string) => {
  const r = parseFilingRules(source, "regles.yaml");
  return r.ok ? [] : r.issues.map(formatRulesIssue);
};

describe("fichier de règles de classement", () => {
  it("les règles par défaut se chargent", async () => {
    const rules = await loadFilingRules();
    expect(rules.unsorted).toBe("A classer");
    expect(rules.rules.map((r) => r.key)).toContain("plan-d-actions");
    expect(rules.rules.find((r) => r.key === "copil")?.when.excludedTypes).toContain("bilan");
  });

  it("un fichier minimal prend les valeurs par défaut", () => {
    const r = parseFilingRules(MINIMAL, "regles.yaml");
    expect(r.ok && r.rules).toMatchObject({
      root: "",
      unsorted: "A classer",
      titleMaxLength: 60,
      askBelow: 0.55,
    });
    expect(r.ok && r.rules.rules[0]).toMatchObject({
      key: "copil",
      weight: 1,
      when: { instances: ["copil"] },
    });
  });

  it("une clé inconnue est nommée avec sa ligne", () => {
    expect(issues(`${MINIMAL}    dosier: x\n`)).toEqual([
      "regles.yaml, ligne 7, clé « regles[0].dosier » : clé inconnue : « dosier »",
    ]);
  });

  it("un type de document inconnu", () => {
    const out = issues(MINIMAL.replace("{ instance: copil }", "{ type: compte-rendus }"));
    expect(out[0]).toMatch(
      /^regles\.yaml, ligne 5, clé « regles\[0\]\.si\.type\[0\] » : type attendu parmi : compte-rendu,/,
    );
  });

  it("une variable de modèle inconnue", () => {
    const out = issues(MINIMAL.replace("{année}", "{anne}"));
    expect(out).toHaveLength(1);
    expect(out[0]).toContain("ligne 6, clé « regles[0].dossier » : variable inconnue « {anne} »");
  });

  it("un crochet non fermé dans un nom", () => {
    expect(issues(MINIMAL.replace('"{date} - {type}"', '"{date}[ - {type}"'))[0]).toContain(
      "ligne 2, clé « noms[0] » : crochet « [ » non fermé",
    );
  });

  it("une clé de règle en double", () => {
    const twice = `${MINIMAL}  - cle: copil\n    si: { instance: cotech }\n    dossier: Instances/COTECH\n`;
    expect(issues(twice)).toEqual(["regles.yaml, ligne 7, clé « regles[1].cle » : clé « copil » en double"]);
  });

  it("une condition vide, un poids hors bornes, un chemin qui remonte", () => {
    const bad = `racine: ../Partage
noms: ["{date}"]
regles:
  - cle: tout
    si: {}
    dossier: ../ailleurs
    poids: 2
`;
    const out = issues(bad);
    expect(out).toContain(
      "regles.yaml, ligne 1, clé « racine » : « .. » : « .. » n'est pas un nom de fichier.",
    );
    expect(out).toContain(
      "regles.yaml, ligne 5, clé « regles[0].si » : « si » doit contenir au moins une condition",
    );
    expect(out).toContain(
      "regles.yaml, ligne 6, clé « regles[0].dossier » : dossier vide, « . » ou « .. » interdit dans le chemin",
    );
    expect(out).toContain("regles.yaml, ligne 7, clé « regles[0].poids » : entre 0 et 1");
  });

  it("une clé obligatoire manquante", () => {
    expect(issues("regles: []\n")).toEqual([
      "regles.yaml, ligne 1, clé « noms » : clé obligatoire manquante",
      "regles.yaml, ligne 1, clé « regles » : au moins une règle",
    ]);
  });

  it("du YAML illisible", () => {
    expect(issues("noms: [\n")[0]).toMatch(/^regles\.yaml, ligne \d+ : YAML illisible/);
  });

  it("le chargeur signale tous les problèmes d'un fichier", async () => {
    await expect(loadFilingRules(new URL("./missing.yaml", import.meta.url).pathname)).rejects.toThrow();
    const error = new FilingRulesError(["a", "b"]);
    expect(error.message).toBe("Règles de classement invalides :\na\nb");
  });
});
