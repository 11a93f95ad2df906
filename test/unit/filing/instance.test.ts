import { beforeAll, describe, expect, it } from "vitest";
import { findInstance } from "../../../src/domain/filing/instance.ts";
import type { FilingLexicon } from "../../../src/domain/filing/lexicon-schema.ts";
import type { TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import { loadFilingLexicon } from "../../../src/filing/filing-lexicon.ts";
import { demoKnowledge } from "./plan-knowledge.ts";

const plans = new Map<string, TerritoryKnowledge>();
let lexicon: FilingLexicon;
beforeAll(async () => {
  lexicon = await loadFilingLexicon();
  for (const slug of [
    "agen",
    "golfe-morbihan-vannes",
    "grand-chatellerault",
    "mellois-en-poitou",
    "vendee-sevre-autise",
  ])
    plans.set(slug, await demoKnowledge(slug));
});

const instance = (text: string, slug: string) => {
  const k = plans.get(slug);
  if (k === undefined) throw new Error(slug);
  return findInstance(text, k, lexicon.instances);
};

describe("instances", () => {
  it("COPIL, COTECH et cellule de suivi, en sigle ou en toutes lettres", () => {
    expect(instance("CR du COPIL d'hier", "agen")?.value).toEqual({
      kind: "copil",
      name: null,
      label: "COPIL",
    });
    expect(instance("comité de pilotage", "agen")?.value.kind).toBe("copil");
    expect(instance("ODJ du cotech", "agen")?.value.label).toBe("COTECH");
    expect(instance("CR comité technique", "golfe-morbihan-vannes")?.value.kind).toBe("cotech");
    expect(instance("CR de la cellule de suivi", "golfe-morbihan-vannes")?.value.kind).toBe(
      "cellule-de-suivi",
    );
  });

  it("le nom propre au plan : le « Comité territorial de Services aux Familles » est le COPIL d'Agen", () => {
    expect(instance("CR du comité territorial de services aux familles", "agen")?.value.kind).toBe("copil");
  });

  it("un groupe de travail prend le nom que lui donne le plan", () => {
    expect(instance("CR GT jeunesse", "agen")?.value).toEqual({
      kind: "groupe-de-travail",
      name: "Jeunesse",
      label: "Groupe de travail Jeunesse",
    });
    expect(instance("compte rendu groupe parentalité", "agen")?.value.name).toBe(
      "Animation de la vie sociale et parentalité",
    );
    expect(instance("rétroplanning pour le groupe d'élaboration", "mellois-en-poitou")?.value.name).toBe(
      "Élaboration du plan d'actions",
    );
    expect(instance("GTT2_CR_2024-04-04", "mellois-en-poitou")?.value.name).toBe("GTT2");
  });

  it("sans groupe nommé dans le plan, le nom écrit après « GT », ou aucun", () => {
    expect(instance("CR GT parentalité du 12/03", "golfe-morbihan-vannes")?.value.name).toBe("Parentalité");
    expect(instance("CR du groupe de travail axe 2", "grand-chatellerault")?.value.name).toBe("Axe 2");
    expect(instance("CR_GT_axe4_20200210", "grand-chatellerault")?.value.name).toBe("Axe 4");
    expect(
      instance("feuille d'émargement du groupe de travail", "golfe-morbihan-vannes")?.value.name,
    ).toBeNull();
  });

  it("« groupe » seul n'est pas un groupe de travail", () => {
    expect(instance("photo de groupe", "agen")).toBeNull();
  });

  it("une commission par son nom ou ses initiales", () => {
    expect(instance("ODJ commission PE", "golfe-morbihan-vannes")?.value.label).toBe(
      "Commission petite enfance",
    );
    expect(instance("CR de la commission EJ", "vendee-sevre-autise")?.value.name).toBe("Enfance jeunesse");
  });

  it("une journée ressources du calendrier, reconnue à un mot de son titre", () => {
    const hit = instance("invitation à la journée ressources d'automne", "golfe-morbihan-vannes");
    expect(hit?.value.kind).toBe("journee-ressources");
    expect(hit?.event?.key).toBe("journee-ressources-automne-2027");
  });

  it("« pour le copil » : préparé pour l'instance, moins sûr", () => {
    const of = instance("CR du copil", "agen")?.confidence ?? 0;
    const forIt = instance("bilan de l'action 2.4 pour le copil", "agen")?.confidence ?? 1;
    expect(forIt).toBeLessThan(of);
  });
});
