import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planSchema } from "../../src/domain/plan/plan-schema.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

// Sunday 22 November 2026, 10:00 in Paris.
const NOW = new Date("2026-11-22T09:00:00Z");

/** A plan naming référents (no shipped plan names one per commune yet) and a convention still running. */
const factsPlan = planSchema.parse({
  territoire: {
    slug: "essai-referents",
    nom: "Territoire d'essai",
    partenaires: ["Caf d'essai"],
    convention: {
      intitule: "Convention d'essai",
      debut: "2024-01-01",
      fin: "2027-06-30",
      preavis_mois: 3,
      signataires: ["Commune de Boé", "Caf d'essai"],
    },
    source: "Convention d'essai, article 1",
  },
  communes: [{ nom: "Boé" }, { nom: "Saint-Nicolas-de-la-Balerme" }, { nom: "Le Passage" }],
  personnes: [
    {
      cle: "alice-martin",
      nom: "Alice Martin",
      organisation: "Commune de Boé",
      email: "alice.martin@boe.example",
      roles: [{ role: "referent_technique", commune: "Boé" }],
    },
    {
      cle: "bruno-petit",
      nom: "Bruno Petit",
      organisation: "Commune de Boé",
      roles: [{ role: "referent_elu", commune: "Boé", precision: "Adjoint à l'enfance" }],
    },
    {
      cle: "chloe-durand",
      nom: "Chloé Durand",
      roles: [{ role: "referent_technique", commune: "Saint-Nicolas-de-la-Balerme" }],
    },
    { cle: "david-roux", nom: "David Roux", roles: [{ role: "partenaire", commune: "Le Passage" }] },
  ],
  regles: [
    {
      cle: "referents-par-commune",
      texte: "Chaque commune nomme un référent technique et un référent élu.",
      source: "Convention d'essai, article 5",
    },
    {
      cle: "preavis",
      texte: "La convention peut être dénoncée avec un préavis de trois mois.",
      source: "Convention d'essai, article 9",
    },
  ],
});

describe("référents, équipements, sigles and the convention", () => {
  let db: TestDatabase;
  let chat: TestChat;
  const agen = (text: string) => chat.send(text, "canal-agen");
  const gmva = (text: string) => chat.send(text, "canal-gmva");
  const essai = (text: string) => chat.send(text, "canal-essai");

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, NOW);
    await importPlan(chat.app.db.prisma, factsPlan, "2026-11-22");
    await agen("territoire agen");
    await gmva("territoire golfe-morbihan-vannes");
    await essai("territoire essai-referents");
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  describe("referents", () => {
    it("lists the territory's référents by commune, technique before élu", async () => {
      const { result, text } = await essai("referents");
      expect(result.status).toBe("ok");
      expect(text).toBe(
        [
          "Référents CTG — Territoire d'essai",
          "─".repeat("Référents CTG — Territoire d'essai".length),
          "  • Boé : Alice Martin — référent technique, Commune de Boé — alice.martin@boe.example",
          "  • Boé : Bruno Petit — référent élu (Adjoint à l'enfance), Commune de Boé",
          "  • Saint-Nicolas-de-la-Balerme : Chloé Durand — référent technique",
          "  ↳ Source : Convention d'essai, article 1.",
        ].join("\n"),
      );
    });

    it("finds a commune typed loosely (case, accents, « st », spaces for hyphens)", async () => {
      const boe = await essai("referents BOE");
      expect(boe.text).toContain("Référents CTG — Boé");
      expect(boe.text).toContain("  • Bruno Petit — référent élu (Adjoint à l'enfance), Commune de Boé");
      expect(boe.text).not.toContain("Chloé");
      const stNicolas = await essai("referents st nicolas de la balerme");
      expect(stNicolas.text).toContain("  • Chloé Durand — référent technique");
    });

    it("says honestly that a commune has no référent and quotes the rule with its source", async () => {
      const { result, text } = await essai("referents Le Passage");
      expect(result.status).toBe("ok");
      expect(text).toBe(
        "Aucun référent CTG n'est enregistré pour Le Passage.\n" +
          "Règle de la convention : « Chaque commune nomme un référent technique et un référent élu. » (Convention d'essai, article 5).\n" +
          "  ↳ Source : Convention d'essai, article 1.",
      );
    });

    it("quotes GMVA's charte on référents, and says Agen's plan has no rule on them", async () => {
      const gm = await gmva("referents");
      expect(gm.text).toContain(
        "Aucun référent CTG n'est enregistré pour le Golfe du Morbihan - Vannes Agglomération.",
      );
      expect(gm.text).toContain(
        "Règle de la charte : « Chaque commune nomme au moins un référent technique et un référent élu.",
      );
      expect(gm.text).toContain(
        "(Charte de partenariat GMVA, II - Les modalités de collaboration, le référent CTG).",
      );
      const boe = await agen("referents Boé");
      expect(boe.text).toContain("Aucun référent CTG n'est enregistré pour Boé.");
      expect(boe.text).toContain(
        "  ↳ Aucune règle sur les référents n'est enregistrée pour l'Agglomération d'Agen.",
      );
    });

    it("refuses an unknown commune with the closest names", async () => {
      const near = await agen("referents Saint-Nicolas-de-Balerme");
      expect(near.result).toMatchObject({ status: "user-error", code: "not_found" });
      expect(near.text).toBe(
        "Je ne connais pas de commune « Saint-Nicolas-de-Balerme » à l'Agglomération d'Agen. Communes proches : Saint-Nicolas-de-la-Balerme.",
      );
      const far = await agen("referents Paris");
      expect(far.text).toBe("Je ne connais pas de commune « Paris » à l'Agglomération d'Agen.");
      const several = await agen("referents saint");
      expect(several.result.status).toBe("user-error");
      expect(several.text).toContain(
        "Plusieurs communes de l'Agglomération d'Agen correspondent à « saint ».",
      );
      expect(several.text).toContain("(/ctg referents Saint-Caprais-de-Lerm)");
    });
  });

  describe("equipements", () => {
    it("lists the RPE when asked for « relais petite enfance », with the annex as source", async () => {
      const { result, text } = await agen("equipements relais petite enfance");
      expect(result.status).toBe("ok");
      expect(text).toContain("Agglomération d'Agen — 6 équipements (RPE)");
      expect(text).toContain(
        "  • RPE — Relais Petite Enfance communautaire — Pôle Petite Enfance, Place de la Mairie, 47310 Estillac (Estillac)",
      );
      expect(text).toContain("  • RPE — Relais Petite Enfance — adresse non précisée (Le Passage)");
      expect(text).toContain("  ↳ Source : Agglomération d'Agen, annexe 2 de la convention.");
    });

    it("takes the type and the commune in any order, loosely written", async () => {
      const a = await agen("equipements ALSH boe");
      const b = await agen("equipements à Boé alsh");
      expect(a.text).toContain("Agglomération d'Agen — 2 équipements (ALSH, Boé)");
      expect(a.text).toContain("  • ALSH — ALSH ados — Rue des Roses, 47550 Boé (Boé)");
      expect(b.text).toBe(a.text);
      const ludo = await agen("equipements ludotheques");
      expect(ludo.text).toContain("2 équipements (Ludothèque)");
    });

    it("pages the 72 équipements of annex 2, the hint repeating the filters", async () => {
      const all = await agen("equipements");
      expect(all.text).toContain("Agglomération d'Agen — 72 équipements (page 1 sur 8)");
      expect(all.text).toContain("  ↳ … et 62 autres : « /ctg equipements page 2 ».");
      const alsh = await agen("equipements ALSH page 2");
      expect(alsh.text).toContain("32 équipements (ALSH, page 2 sur 4)");
      expect(alsh.text).toContain("  ↳ … et 12 autres : « /ctg equipements ALSH page 3 ».");
    });

    it("says when a commune has none of a type, with what it has", async () => {
      const { result, text } = await agen("equipements boe laep");
      expect(result.status).toBe("ok");
      expect(text).toBe(
        "Aucun équipement LAEP n'est enregistré à Boé.\n" +
          "  ↳ Équipements de Boé : EAJE (2), RPE (1), ALSH (2), Ludothèque (1).\n" +
          "  ↳ Source : Agglomération d'Agen, annexe 2 de la convention.",
      );
      const none = await gmva("equipements");
      expect(none.text).toContain(
        "Aucun équipement n'est enregistré pour le Golfe du Morbihan - Vannes Agglomération.",
      );
    });

    it("refuses an unknown type, an unknown commune and a bad page", async () => {
      const type = await agen("equipements piscine");
      expect(type.result).toMatchObject({ status: "user-error", code: "bad_arguments" });
      expect(type.text).toBe(
        "Je ne connais pas « piscine » : ce n'est ni un type d'équipement (EAJE, RPE, LAEP, ALSH, Ludothèque) ni une commune de l'Agglomération d'Agen.",
      );
      const commune = await agen("equipements ALSH Paris");
      expect(commune.result).toMatchObject({ status: "user-error", code: "not_found" });
      expect(commune.text).toBe("Je ne connais pas de commune « Paris » à l'Agglomération d'Agen.");
      const page = await agen("equipements page 0");
      expect(page.result.status).toBe("user-error");
      expect(page.text).toContain("(et non « 0 »)");
    });
  });

  describe("sigle", () => {
    it("gives an acronym's expansion and explanation, with its source", async () => {
      const { result, text } = await agen("sigle LAEP");
      expect(result.status).toBe("ok");
      expect(text).toBe(
        "LAEP : Lieu d'Accueil Enfants Parents — Lieu de jeu et de parole où les jeunes enfants viennent avec un parent, sans inscription, cofinancé par la CAF.\n" +
          "  ↳ Source : glossaire du plan de l'Agglomération d'Agen et glossaire CTG partagé du bot.",
      );
    });

    it("lists every meaning of AVS, the CTG one first", async () => {
      const { text } = await agen("sigle avs");
      expect(text).toContain("AVS a plusieurs sens :");
      const ctg = text.indexOf("  • Animation de la vie sociale — ");
      const school = text.indexOf("  • Auxiliaire de vie scolaire — ");
      expect(ctg).toBeGreaterThan(0);
      expect(school).toBeGreaterThan(ctg);
    });

    it("accepts the expansion or a variant spelling instead of the acronym", async () => {
      expect((await agen("sigle relais petite enfance")).text).toContain("RPE : Relais Petite Enfance — ");
      expect((await agen("sigle L.A.P.E.")).text).toContain("LAEP : Lieu d'Accueil Enfants Parents");
    });

    it("says it does not know an acronym and proposes the closest", async () => {
      const unknown = await agen("sigle XYZ");
      expect(unknown.result).toMatchObject({ status: "user-error", code: "not_found" });
      expect(unknown.text).toBe(
        "Je ne connais pas le sigle « XYZ ».\n  ↳ La liste des sigles connus : « /ctg glossaire ».",
      );
      const near = await agen("sigle RPEE");
      expect(near.text).toContain(
        "Je ne connais pas le sigle « RPEE ». Sigles proches : RPE (Relais Petite Enfance)",
      );
    });

    it("lists the known acronyms under its alias « glossaire »", async () => {
      const { result, text } = await agen("glossaire");
      expect(result.status).toBe("ok");
      expect(text).toContain("Sigles connus — Agglomération d'Agen");
      expect(text).toContain("CTG, Caf, Cnaf, Cog, SDSF");
    });
  });

  describe("convention", () => {
    it("gives Agen's dates, duration and notice date, and says the signature date is missing", async () => {
      const { result, text } = await agen("convention");
      expect(result.status).toBe("ok");
      expect(text).toContain("Début : 1er janvier 2022\nFin : 31 décembre 2026\nDurée : 5 ans\n");
      expect(text).toContain(
        "Préavis de dénonciation : 6 mois avant la fin, soit au plus tard le 30 juin 2026, date passée — Convention CTG 2022-2026, article 13",
      );
      expect(text).toContain(
        "Signataires (49) :\n  • Agglomération d'Agen, représentée par Jean Dionis du Séjour, Président",
      );
      expect(text).toContain("  • Éducation nationale (Direction des Services Départementaux");
      expect(text).toContain("La convention ne donne pas de date de signature.");
      expect(text).not.toContain("Signée le");
      expect(text).toContain(
        "  ↳ Source : Convention CTG 2022-2026 de l'Agglomération d'Agen (projet), parties signataires, préambule, articles 3, 4, 5 et 11.",
      );
    });

    it("says what GMVA's charte does not give instead of guessing", async () => {
      const { text } = await gmva("convention");
      expect(text).toContain("Signée le : 23 décembre 2021");
      expect(text).toContain(
        "La charte ne donne ni date de début ni date de fin : la durée ne peut pas être calculée.",
      );
      expect(text).toContain("La charte ne donne pas de préavis de dénonciation.");
      expect(text).not.toContain("Durée :");
    });

    it("computes years and months, and a notice date still ahead", async () => {
      const { text } = await essai("convention");
      expect(text).toContain("Durée : 3 ans et 6 mois");
      expect(text).toContain(
        "Préavis de dénonciation : 3 mois avant la fin, soit au plus tard le 30 mars 2027 — Convention d'essai, article 9",
      );
      expect(text).toContain("Partenaires :\n  • Caf d'essai");
    });

    it("takes no argument", async () => {
      const { result, text } = await agen("convention 2024");
      expect(result.status).toBe("user-error");
      expect(text).toBe("La commande « convention » ne prend pas d'argument.\n  ↳ Usage : /ctg convention");
    });
  });

  describe("aide", () => {
    it("lists the new commands in the help, in order", async () => {
      const { text } = await agen("aide");
      const names = [
        "convention",
        "actions",
        "action",
        "echeances",
        "agenda",
        "referents",
        "equipements",
        "sigle",
      ];
      const at = names.map((n) => text.indexOf(`/ctg ${n} `));
      expect(at.every((i, k) => i > 0 && (k === 0 || i > (at[k - 1] ?? 0)))).toBe(true);
      expect(text).toContain(
        "  • /ctg referents [commune] — les référents CTG du territoire ou d'une commune",
      );
    });

    it("gives examples for the new listing commands", async () => {
      const referents = await agen("aide referents");
      expect(referents.text).toContain("Exemples : /ctg referents\n    /ctg referents Boé");
      const equip = await agen("aide équipements");
      expect(equip.text).toContain("/ctg equipements relais petite enfance Agen");
    });

    it("explains a new command and gives its other names", async () => {
      const { text } = await agen("aide glossaire");
      expect(text).toContain("/ctg sigle <SIGLE | nom en toutes lettres>");
      expect(text).toContain("Autres noms : glossaire, sigles");
    });
  });
});
