import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planSchema } from "../../src/domain/plan/plan-schema.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

// Sunday 22 November 2026, 10:00 in Paris.
const NOW = new Date("2026-11-22T09:00:00Z");

/** A small plan whose actions have every status, which no shipped plan has yet. */
const statusPlan = planSchema.parse({
  territoire: { slug: "essai-statuts", nom: "Territoire d'essai", source: "Convention d'essai, article 1" },
  axes: [
    { numero: "1", titre: "Petite enfance" },
    { numero: "2", titre: "Jeunesse" },
  ],
  actions: [
    { numero: "1", axe: "1", titre: "Ouvrir un relais petite enfance", statut: "en_cours" },
    { numero: "2", axe: "1", titre: "Former les assistants maternels", statut: "realisee" },
    { numero: "3", axe: "2", titre: "Créer un conseil des jeunes", statut: "abandonnee" },
    { numero: "4", axe: "2", titre: "Ouvrir un point information jeunesse", statut: "suspendue" },
  ],
});

describe("finding and listing fiches actions", () => {
  let db: TestDatabase;
  let chat: TestChat;
  const agen = (text: string) => chat.send(text, "canal-agen");
  const gmva = (text: string) => chat.send(text, "canal-gmva");
  const essai = (text: string) => chat.send(text, "canal-essai");

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, NOW);
    await importPlan(chat.app.db.prisma, statusPlan, "2026-11-22");
    await agen("territoire agen");
    await gmva("territoire golfe-morbihan-vannes");
    await essai("territoire essai-statuts");
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  describe("action <mots>", () => {
    it("shows Agen's action 10 when asked for « tiers-lieu »", async () => {
      const { result, text } = await agen("action tiers-lieu");
      expect(result.status).toBe("ok");
      expect(text).toContain("Action 10 — Impulser la réflexion autour un « Habitat jeune hybride »");
      expect(text).toContain(
        "  ↳ Source : Agglomération d'Agen, Convention CTG 2022-2026, annexe 3, fiche action 10.",
      );
    });

    it("shows Agen's action 1 when asked for « relais petite enfance »", async () => {
      const { result, text } = await agen("action relais petite enfance");
      expect(result.status).toBe("ok");
      expect(text).toContain(
        "Action 1 — Créer une offre RPE (Relais Petite Enfance) et parentalité en zones blanches",
      );
    });

    it("finds a fiche by an acronym written out: « accueil de loisirs sans hébergement » is the ALSH one", async () => {
      const { text } = await agen("action accueil de loisirs sans hébergement");
      expect(text).toContain("Action 2 — Tendre vers une harmonisation de l'offre");
    });

    it("offers the close fiches as choices when several match « jeunesse »", async () => {
      const { result, text } = await agen("action jeunesse");
      expect(result.status).toBe("ok");
      expect(text).toContain("Plusieurs fiches correspondent :");
      expect(text).toContain(
        "  [1] Action 3 — Aller vers en déployant une offre jeunesse sur l'ensemble du territoire (/ctg action 3)",
      );
      expect(text).toContain(
        "  [2] Action 5 — Créer des villages de l'engagement citoyen en lien avec les chantiers jeunesse (/ctg action 5)",
      );
      expect(text).toContain("(/ctg action 10)");
      expect(text).not.toContain("(/ctg action 8)");
    });

    it("says no fiche is about « piscine », with a hint", async () => {
      const { result, text } = await agen("action piscine");
      expect(result.status).toBe("user-error");
      expect(text).toBe(
        "Je n'ai trouvé aucune fiche action sur « piscine » à l'Agglomération d'Agen.\n" +
          "  ↳ Essayez d'autres mots, un numéro (« /ctg action 11 ») ou la liste : « /ctg actions ».",
      );
    });

    it("still reads « fiche 1.1 » and « FA 1.2 » as numbers", async () => {
      expect((await gmva("action fiche 1.1")).text).toContain(
        "Action 1.1 — Consolider et développer la fonction",
      );
      expect((await gmva("action FA 1.2")).text).toContain("Action 1.2 — Valoriser la profession");
    });
  });

  describe("actions [axe N] [statut X] [mots] [page N]", () => {
    it("lists 10 fiches per page with a hint for the next page", async () => {
      const { result, text } = await gmva("actions");
      expect(result.status).toBe("ok");
      expect(text).toContain("Golfe du Morbihan - Vannes Agglomération — 17 fiches actions (page 1 sur 2)");
      expect(text).toContain("  • 2.1. Développer un parcours");
      expect(text).not.toContain("2.2. ");
      expect(text).toContain("  ↳ … et 7 autres : « /ctg actions page 2 ».");
      const second = await gmva("actions page 2");
      expect(second.text).toContain("17 fiches actions (page 2 sur 2)");
      expect(second.text).toContain(
        "  • 2.8. Faciliter la structuration et les collaborations entre communes (à lancer)",
      );
      expect(second.text).not.toContain("autres :");
    });

    it("repeats the filters in the next-page hint", async () => {
      const { text } = await gmva("actions a lancer");
      expect(text).toContain("17 fiches actions (statut à lancer, page 1 sur 2)");
      expect(text).toContain("  ↳ … et 7 autres : « /ctg actions statut à lancer page 2 ».");
    });

    it("combines an axis and words", async () => {
      const { text } = await agen("actions axe 2 jeunesse");
      expect(text).toContain("Agglomération d'Agen — 1 fiche action (axe 2, « jeunesse »)");
      expect(text).toContain(
        "  • 5. Créer des villages de l'engagement citoyen en lien avec les chantiers jeunesse (à lancer)",
      );
    });

    it("filters by status, with or without accents", async () => {
      const done = await essai("actions statut réalisée");
      expect(done.text).toContain("Territoire d'essai — 1 fiche action (statut réalisée)");
      expect(done.text).toContain("  • 2. Former les assistants maternels (réalisée)");
      const dropped = await essai("actions abandonnee");
      expect(dropped.text).toContain("  • 3. Créer un conseil des jeunes (abandonnée)");
      expect(dropped.text).not.toContain("2. Former");
      const running = await essai("actions statut en cours axe 1");
      expect(running.text).toContain("1 fiche action (axe 1, statut en cours)");
    });

    it("says when no fiche has the status asked, with the statuses the plan has", async () => {
      const { result, text } = await agen("actions statut en cours");
      expect(result.status).toBe("ok");
      expect(text).toBe(
        "Aucune fiche action ne correspond à votre demande (statut en cours) à l'Agglomération d'Agen.\n" +
          "  ↳ Statuts des fiches de l'Agglomération d'Agen : 13 à lancer.\n" +
          "  ↳ Toutes les fiches : « /ctg actions ».",
      );
    });

    it("refuses a status it does not know", async () => {
      const { result, text } = await agen("actions statut bloquée");
      expect(result.status).toBe("user-error");
      expect(text).toBe(
        "Je ne connais pas le statut « bloquée ». Statuts : en cours, à lancer, réalisée, suspendue, abandonnée.\n" +
          "  ↳ Usage : /ctg actions [axe N] [statut X] [mots] [page N]",
      );
    });

    it("refuses page 0, a page in letters and a page past the end", async () => {
      const zero = await gmva("actions page 0");
      expect(zero.result.status).toBe("user-error");
      expect(zero.text).toContain(
        "Le numéro de page s'écrit en chiffres à partir de 1, par exemple « page 2 » (et non « 0 »).",
      );
      const letters = await gmva("actions axe 1 page abc");
      expect(letters.result.status).toBe("user-error");
      expect(letters.text).toContain("(et non « abc »)");
      const past = await gmva("actions page 3");
      expect(past.result.status).toBe("user-error");
      expect(past.text).toBe("Il n'y a pas de page 3 : la liste tient sur 2 pages.");
    });

    it("keeps refusing an axis the plan does not have", async () => {
      const { result, text } = await essai("actions axe 7");
      expect(result.status).toBe("user-error");
      expect(text).toBe("Le plan de Territoire d'essai n'a pas d'axe 7. Axes : 1, 2.");
    });
  });
});
