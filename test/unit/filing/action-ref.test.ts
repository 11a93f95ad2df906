import { beforeAll, describe, expect, it } from "vitest";
import { findAction } from "../../../src/domain/filing/action-ref.ts";
import type { TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import { demoKnowledge } from "./plan-knowledge.ts";

const plans = new Map<string, TerritoryKnowledge>();
beforeAll(async () => {
  for (const slug of ["agen", "golfe-morbihan-vannes", "grand-chatellerault", "vendee-sevre-autise"])
    plans.set(slug, await demoKnowledge(slug));
});

const action = (text: string, slug: string) => {
  const k = plans.get(slug);
  if (k === undefined) throw new Error(slug);
  return findAction(text, k.actions, k.glossary)?.value ?? null;
};

describe("actions du plan", () => {
  it("par numéro, sous toutes ses formes", () => {
    expect(action("fiche action 2.3 MAJ", "golfe-morbihan-vannes")).toBe("2.3");
    expect(action("FA2.3_acces_aux_droits", "golfe-morbihan-vannes")).toBe("2.3");
    expect(action("fiche-action-1-5-brigade", "golfe-morbihan-vannes")).toBe("1.5");
    expect(action("FA_2_6_aller_vers", "vendee-sevre-autise")).toBe("2.6");
    expect(action("fiche 11", "agen")).toBe("11");
    expect(action("action n°11", "agen")).toBe("11");
    expect(action("FA13_postes", "agen")).toBe("13");
  });

  it("jamais un numéro que le plan n'a pas", () => {
    expect(action("fiche action 14", "agen")).toBeNull();
    expect(action("fiche action 2.9", "golfe-morbihan-vannes")).toBeNull();
    expect(action("fiche action 3.1", "grand-chatellerault")).toBeNull();
  });

  it("« 2.30 » introuvable retombe sur « 2 » seulement si le plan l'a, et sans certitude", () => {
    expect(action("action 11-2024", "agen")).toBe("11");
    expect(action("action 2.30", "golfe-morbihan-vannes")).toBeNull();
    const k = plans.get("agen");
    if (k === undefined) throw new Error("agen");
    const guess = findAction("fiche 2.3 mise à jour", k.actions, k.glossary);
    expect(guess?.value).toBe("2");
    expect(guess?.confidence).toBeLessThan(0.5);
  });

  it("par les mots ou les sigles du titre, après « action » ou « fiche »", () => {
    expect(action("bilan de l'action RPE", "agen")).toBe("1");
    expect(action("fiche action AVS pour les élus", "golfe-morbihan-vannes")).toBe("2.7");
    expect(action("fiche CLAS", "vendee-sevre-autise")).toBe("1.5");
    expect(action("fiche action mobilité", "vendee-sevre-autise")).toBe("3.4");
    expect(action("action habitat jeune", "agen")).toBe("10");
  });

  it("des mots qui désignent plusieurs actions ne désignent aucune", () => {
    expect(action("fiche action jeunesse", "agen")).toBeNull();
    expect(action("fiche action mise à jour", "agen")).toBeNull();
    expect(action("le plan d'actions jeunesse", "agen")).toBeNull();
  });

  it("sans « action » ni « fiche », un mot du titre ne suffit pas", () => {
    expect(action("réunion RPE", "agen")).toBeNull();
  });
});
