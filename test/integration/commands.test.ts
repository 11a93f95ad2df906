import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

// Sunday 22 November 2026, 10:00 in Paris.
const NOW = new Date("2026-11-22T09:00:00Z");

describe("chat commands on the demo territories", () => {
  let db: TestDatabase;
  let chat: TestChat;

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, NOW);
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  it("seeds the five demo territories on first start", () => {
    expect(chat.app.seed?.imported).toEqual([
      "agen",
      "golfe-morbihan-vannes",
      "grand-chatellerault",
      "mellois-en-poitou",
      "vendee-sevre-autise",
    ]);
  });

  it("asks which territory when the channel has none, with a choice per territory", async () => {
    const { result, text } = await chat.send("action 11", "canal-neuf");
    expect(result.status).toBe("user-error");
    expect(text).toContain("Quel territoire ?");
    expect(text).toContain("[1] Agglomération d'Agen (/ctg territoire agen)");
  });

  it("binds the channel to a territory named loosely", async () => {
    const { result, text } = await chat.send("territoire Agen");
    expect(result.status).toBe("ok");
    expect(text).toBe(
      "Ce canal est maintenant rattaché au territoire Agglomération d'Agen.\n  ↳ Essayez « /ctg actions » ou « /ctg agenda ».",
    );
  });

  it("shows the territory with its convention dates and notice period", async () => {
    const { text } = await chat.send("territoire");
    expect(text).toContain("Fin : 31 décembre 2026");
    expect(text).toContain("Préavis de dénonciation : 6 mois (au plus tard le 30 juin 2026)");
    expect(text).toContain("Plan d'actions : 4 axes, 13 actions");
  });

  it("shows Agen's action 11 with its échéancier as milestones", async () => {
    const { result, text } = await chat.send("action 11");
    expect(result.status).toBe("ok");
    expect(text).toContain("Action 11 — Accueillir en structure et renforcer l'accueil individualisé");
    expect(text).toContain("  • 2023 : Mise en place d'un protocole d'action");
    expect(text).toContain("  • 2023-2027 : déploiement");
    expect(text).toMatch(/Source : Agglomération d'Agen, .*fiche action 11/);
  });

  it("accepts the ways people write an action number", async () => {
    for (const form of ["n°11", "FA 11", "fiche 11"]) {
      const { text } = await chat.send(`action ${form}`);
      expect(text).toContain("Action 11 — ");
    }
  });

  it("says an action does not exist and proposes the nearest ones", async () => {
    const { result, text } = await chat.send("action 14");
    expect(result.status).toBe("user-error");
    expect(text).toContain(
      "Je n'ai pas trouvé d'action 14 à l'Agglomération d'Agen. Les fiches vont de 1 à 13.",
    );
    expect(text).toContain("(/ctg action 13)");
  });

  it("explains a malformed action number in French", async () => {
    // "action onze" is now a search by words; a number marker followed by a non-number is a typo.
    const { result, text } = await chat.send("action n° onze");
    expect(result.status).toBe("user-error");
    expect(text).toContain("Le numéro d'une fiche action s'écrit comme dans le plan");
    expect(text).toContain("Usage : /ctg action <n° | mots>");
  });

  it("lists the actions of one axis", async () => {
    const { text } = await chat.send("actions axe 4");
    expect(text).toContain("Axe 4 — ");
    expect(text).toContain("11. Accueillir en structure et renforcer l'accueil individualisé (à lancer)");
    expect(text).not.toContain("1. Créer une offre RPE");
    const bad = await chat.send("actions axe 9");
    expect(bad.text).toBe("Le plan de l'Agglomération d'Agen n'a pas d'axe 9. Axes : 1, 2, 3, 4.");
  });

  it("lists the milestones of a period typed in French", async () => {
    const { text } = await chat.send("echeances 2024");
    expect(text).toContain("Échéances du 1er janvier 2024 au 31 décembre 2024 — Agglomération d'Agen");
    expect(text).toContain("mise en service de l'application jeunesse");
    const none = await chat.send("echeances 2030");
    expect(none.text).toContain("Aucune échéance du 1er janvier 2030 au 31 décembre 2030");
  });

  it("refuses a period it cannot read, with examples", async () => {
    const { result, text } = await chat.send("echeances bientôt peut-être");
    expect(result.status).toBe("user-error");
    expect(text).toContain("Je ne comprends pas la période « bientôt peut-être »");
  });

  it("shows the agenda with example events marked as such", async () => {
    const { text } = await chat.send("agenda");
    expect(text).toContain("Agenda — Agglomération d'Agen");
    expect(text).toContain("exemple de démonstration");
    const copil = await chat.send("agenda copil");
    expect(copil.text).not.toContain("COTECH");
  });

  it("shows Mellois en Poitou's past events when none is upcoming", async () => {
    await chat.send("territoire mellois-en-poitou", "canal-mellois");
    const { text } = await chat.send("agenda", "canal-mellois");
    expect(text).toContain("Aucun évènement à venir n'est enregistré pour Mellois en Poitou.");
    expect(text).toContain("Dernier évènement connu : ");
  });

  it("suggests the nearest command for a typo", async () => {
    const { result, text } = await chat.send("echances");
    expect(result.status).toBe("user-error");
    expect(text).toContain(
      "Je ne connais pas la commande « echances ». Vouliez-vous dire : /ctg echeances ?",
    );
  });

  it("lists every command in the help, and explains one", async () => {
    const all = await chat.send("aide");
    for (const name of ["aide", "territoire", "actions", "action", "echeances", "agenda"]) {
      expect(all.text).toContain(`/ctg ${name}`);
    }
    const one = await chat.send("aide echeances");
    expect(one.text).toContain("Exemples : /ctg echeances");
  });

  it("only lets a coordinator bind a chat channel", async () => {
    const { result, text } = await chat.send("territoire agen", "C123", "slack");
    expect(result.status).toBe("user-error");
    expect(text).toBe("Seul un coordinateur de la CTG peut rattacher ce canal à un territoire.");
    expect(await chat.app.repo.getChannelTerritory("slack", "C123")).toBeNull();
  });
});
