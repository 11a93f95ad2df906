import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderText } from "../../src/chat/render-text.ts";
import { createKnowledgeCache, warmKnowledge } from "../../src/core/knowledge-cache.ts";
import { createQuestionAnswerer } from "../../src/core/questions.ts";
import type { Reply } from "../../src/core/reply.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { loadLexicon } from "../../src/store/qa-lexicon.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { loadDemoPlan } from "../helpers/plans.ts";

const NOW = new Date("2026-11-22T11:00:00Z");
const textOf = (r: Reply) => renderText(r, "/ctg").text;

describe("free questions", () => {
  let db: TestDatabase;
  let chat: TestChat;
  const question = (text: string, territory = "agen") =>
    chat.app.answerQuestion({ text, platform: "console", channelId: `canal-${territory}` }, territory);

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, NOW);
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  describe("equipment asked in a sentence", () => {
    it("says whether a commune has a LAEP, with its address", async () => {
      const answer = await question("est-ce qu'il y a un laep a estillac ?");
      expect(answer.refs[0]).toEqual({
        type: "equipment",
        id: "estillac/lieu-d-accueil-enfants-parents-la-bulle",
      });
      expect(textOf(answer.reply)).toContain("Pôle Petite Enfance, Place de la Mairie, 47310 Estillac");
    });

    it("says plainly that a commune has none, and invents nothing", async () => {
      const answer = await question("y a t il un LAEP à Boé ?");
      expect(answer.refs).toEqual([]);
      expect(textOf(answer.reply)).toContain(
        "Aucun équipement LAEP n'est recensé à Boé dans le plan de l'Agglomération d'Agen.",
      );
    });

    it("says so too when the question only names the kind of structure and the commune", async () => {
      const answer = await question("un lieu d'accueil enfants parents à Layrac ?");
      expect(answer.refs).toEqual([]);
      expect(textOf(answer.reply)).toContain("Aucun équipement LAEP n'est recensé à Layrac");
    });

    it("lists the crèches of a commune in the plan's order", async () => {
      const answer = await question("quelles sont les crèches à Agen ?");
      expect(answer.refs[0]).toEqual({ type: "equipment", id: "agen/multi-accueil-yakari" });
      expect(answer.refs.every((r) => r.type === "equipment" && r.id.startsWith("agen/"))).toBe(true);
    });

    it("finds a structure by its name", async () => {
      const answer = await question("ou est le multi accueil la farandole ?");
      expect(answer.refs).toEqual([
        { type: "equipment", id: "colayrac-saint-cirq/multi-accueil-associatif-la-farandole" },
      ]);
    });
  });

  describe("one field of a fiche asked directly", () => {
    it.each([
      ["quel est le public cible de l'action 3 ?", "3", "public_cible", "Jeunes de 12 à 25 ans"],
      ["les indicateurs de la fiche 2 ?", "2", "indicateurs", "Réduction des écarts tarifaires"],
      ["avec qui on travaille sur l'action 2 ?", "2", "partenaires", "Gestionnaires d'ALSH"],
      [
        "quels moyens pour l'action 1 ?",
        "1",
        "moyens",
        "Aides à l'investissement et au fonctionnement de la Caf",
      ],
      ["qui pilote l'action 2 ?", "2", "pilote", "Chargé de coopération CTG"],
    ])("« %s » gives the field asked, quoted, with its source", async (q, id, facet, quote) => {
      const answer = await question(q);
      expect(answer.refs[0]).toEqual({ type: "action", id });
      expect(answer.facet).toBe(facet);
      const text = textOf(answer.reply);
      expect(text).toContain(quote);
      expect(text).toContain("Source : Agglomération d'Agen, Convention CTG 2022-2026");
    });

    it("says a fiche does not name a pilote instead of showing its title", async () => {
      const answer = await question("qui pilote l'action 13 ?");
      expect(answer.refs).toEqual([]);
      expect(textOf(answer.reply)).toContain("ne donne pas de pilote");
    });
  });

  describe("axes and enjeux", () => {
    it("gives the enjeux of an axis", async () => {
      const answer = await question("les enjeux de l'axe 1 ?");
      expect(answer.refs[0]).toEqual({ type: "axis", id: "1" });
      expect(answer.facet).toBe("enjeux");
      expect(textOf(answer.reply)).toContain("Prendre en compte les problématiques de mobilité");
    });

    it("gives the enjeux of every axis, the first one first", async () => {
      const answer = await question("quels sont les enjeux 2023-2027 ?", "mellois-en-poitou");
      expect(answer.refs.map((r) => r.id)).toEqual(["1", "2", "3"]);
      expect(answer.refs[0]?.type).toBe("axis");
    });

    it("finds an axis by its title", async () => {
      const answer = await question("les enjeux de l'axe inclusion ?");
      expect(answer.refs[0]).toEqual({ type: "axis", id: "4" });
    });
  });

  describe("subjects in other words than the plan's", () => {
    it.each([
      ["y a-t-il une action pour les cars ?", "agen", "7"],
      [
        "on manque de remplaçants dans les crèches, le plan prévoit quelque chose ?",
        "golfe-morbihan-vannes",
        "1.5",
      ],
      ["quelles actions sur les centres de loisirs ?", "agen", "2"],
    ])("« %s » finds the fiche", async (q, territory, id) => {
      const answer = await question(q, territory);
      expect(answer.refs[0]).toEqual({ type: "action", id });
    });
  });

  describe("tools and bodies of a charter", () => {
    it("explains the espace collaboratif from the charter", async () => {
      const answer = await question("c'est quoi l'espace collaboratif ?", "golfe-morbihan-vannes");
      expect(answer.refs[0]).toEqual({ type: "rule", id: "espace-collaboratif" });
      expect(textOf(answer.reply)).toContain("hébergé sur Nextcloud");
    });

    it("explains the cellule de suivi", async () => {
      const answer = await question("la cellule de suivi ça sert à quoi ?", "golfe-morbihan-vannes");
      expect(answer.refs[0]).toEqual({ type: "instance", id: "cellule-de-suivi" });
    });
  });

  describe("what the plan does not contain", () => {
    it.each([
      ["y a-t-il une piscine à Agen ?"],
      ["quel est le budget de l'action 3 ?"],
      ["il fait quel temps demain ?"],
    ])("« %s » is answered « ce n'est pas dans le plan », not with an unrelated action", async (q) => {
      const answer = await question(q);
      expect(answer.refs).toEqual([]);
      expect(textOf(answer.reply)).toMatch(/Ce n'est pas dans le plan de l'Agglomération d'Agen/);
    });

    it("offers the nearest items as numbered choices", async () => {
      const answer = await question("y a-t-il un conservatoire de musique pour les enfants ?");
      expect(answer.refs).toEqual([]);
      const choices = answer.reply.blocks.find((b) => b.type === "choices");
      expect(choices?.type === "choices" && choices.choices.length).toBeGreaterThan(0);
      expect(choices?.type === "choices" && choices.choices.length).toBeLessThanOrEqual(3);
    });

    it("says it does not know an action that does not exist", async () => {
      const answer = await question("qui pilote l'action 14 ?");
      expect(answer.refs).toEqual([]);
      expect(textOf(answer.reply)).toContain(
        "Je n'ai pas trouvé d'action 14 dans le plan de l'Agglomération d'Agen. Les fiches vont de 1 à 13.",
      );
    });

    it("never invents a date the plan does not give", async () => {
      const answer = await question("quelle est la date de fin de la convention ?", "golfe-morbihan-vannes");
      expect(answer.refs).toEqual([]);
      expect(textOf(answer.reply)).toContain("La charte ne donne pas de date de fin de la convention.");
    });

    it("does not define an acronym no glossary spells out", async () => {
      const answer = await question("c'est quoi la MIL ?", "vendee-sevre-autise");
      expect(answer.refs).toEqual([]);
      expect(textOf(answer.reply)).toContain("Je ne connais pas « MIL »");
    });
  });

  describe("meetings", () => {
    it("gives the next meeting, provisional dates said as such, never an empty reply", async () => {
      const answer = await question("prochaine réunion ?", "mellois-en-poitou");
      const text = textOf(answer.reply);
      expect(answer.reply.blocks.some((b) => b.type === "text" || b.type === "list")).toBe(true);
      expect(text.replace(/\s+/g, "")).not.toBe("");
      if (answer.refs.length === 0) expect(text).toMatch(/Aucune date|pas dans le plan/);
    });

    it("gives the next COPIL and where it is held", async () => {
      const when = await question("date du prochain copil ?");
      expect(when.refs[0]).toEqual({ type: "event", id: "2026-12-15" });
      const where = await question("où se tiendra le prochain COPIL ?");
      expect(where.refs[0]).toEqual({ type: "event", id: "2026-12-15" });
      expect(where.facet).toBe("lieu");
    });
  });

  describe("the territory's name in sentences", () => {
    it.each([
      ["agen", "de l'Agglomération d'Agen"],
      ["golfe-morbihan-vannes", "du Golfe du Morbihan - Vannes Agglomération"],
      ["mellois-en-poitou", "de Mellois en Poitou"],
      ["grand-chatellerault", "de la Communauté d'agglomération de Grand Châtellerault"],
    ])("in %s it reads « le plan %s »", async (territory, of) => {
      const answer = await question("y a-t-il une piscine olympique ?", territory);
      expect(textOf(answer.reply)).toContain(`plan ${of}`);
    });
  });

  it("answers about the territory named in the question rather than the channel's", async () => {
    const answer = await question("à mellois en poitou, qui est la directrice de l'éducation ?");
    expect(answer.territory).toBe("mellois-en-poitou");
    expect(answer.refs[0]).toEqual({ type: "person", id: "delphine-belliot" });
  });

  it("tolerates typos and missing accents", async () => {
    const answer = await question("quand est prevue la mise en service de l'appli jeunnesse ?");
    expect(answer.refs[0]).toEqual({ type: "milestone", id: "3@2024-01-01" });
  });

  it("gives both meanings of AVS, the territory's first, with its source", async () => {
    const answer = await question("que veut dire AVS ?", "golfe-morbihan-vannes");
    expect(answer.refs).toEqual([{ type: "glossary", id: "AVS" }]);
    const list = answer.reply.blocks.find((b) => b.type === "list");
    expect(list?.type === "list" && list.items[0]).toMatch(/^Animation de la vie sociale/);
    expect(list?.type === "list" && list.items[1]).toMatch(/^Auxiliaire de vie scolaire/);
  });

  it("does not read everyday words as acronyms (« en », « ça »)", async () => {
    const answer = await question("c'est quoi en fait un laep ?");
    expect(answer.refs).toEqual([{ type: "glossary", id: "LAEP" }]);
  });

  it("sees a plan imported after the first question (its version changed)", async () => {
    const before = await question("qui pilote l'action 4 ?");
    expect(before.refs).toEqual([]);
    const agen = await loadDemoPlan("agen");
    await importPlan(
      chat.app.db.prisma,
      {
        ...agen,
        actions: agen.actions.map((a) => (a.numero === "4" ? { ...a, pilote: "Service vie sociale" } : a)),
      },
      "2026-11-22",
    );
    const after = await question("qui pilote l'action 4 ?");
    expect(after.refs).toEqual([{ type: "action", id: "4" }]);
    expect(textOf(after.reply)).toContain("Service vie sociale");
  });

  it("answers a console line that is not a command", async () => {
    await chat.send("territoire agen", "console-questions");
    const result = await chat.app.dispatch({
      kind: "question",
      text: "qu'est-ce qu'un LAEP ?",
      platform: "console",
      channelId: "console-questions",
      userId: "u1",
      receivedAt: NOW,
    });
    expect(result.status).toBe("ok");
    expect(result.status === "ok" && result.reply.blocks[0]).toEqual({ type: "text", text: "LAEP :" });
  });

  describe("a subject in everyday words", () => {
    it("is answered with the fiche, not with the sigle whose explanation shares its words", async () => {
      const answer = await question("aide aux devoirs ?? des parents m'en parlent", "vendee-sevre-autise");
      expect(answer.refs[0]).toEqual({ type: "action", id: "1.5" });
    });
  });

  describe("an acronym read in a fiche", () => {
    it("gives its meaning, not the fiche, when its meaning is asked", async () => {
      const answer = await question("que signifie AVS dans la fiche 2.7 ?", "golfe-morbihan-vannes");
      expect(answer.refs[0]).toEqual({ type: "glossary", id: "AVS" });
    });

    it("qualifies the kind of thing asked otherwise (« les axes de la CTG »)", async () => {
      const answer = await question("quels sont les axes de la CTG ?");
      expect(answer.refs[0]).toEqual({ type: "axis", id: "1" });
    });
  });

  describe("who signed the convention", () => {
    it.each([
      ["qui a signé pour la MSA ?", "grand-chatellerault", "gregoire-augeron"],
      ["qui a signé pour la caf 47 ?", "agen", "beatrice-lavit"],
      ["qui a signé pour la commune d'Astaffort ?", "agen", "paul-bonnet"],
      ["qui a signé pour l'agglo ?", "grand-chatellerault", "jean-pierre-abelin"],
    ])(
      "« %s » (%s) names the first person of the signatory line it points to",
      async (text, territory, key) => {
        const answer = await question(text, territory);
        expect(answer.refs[0]).toEqual({ type: "person", id: key });
      },
    );

    it("« qui a signé la convention ? » lists the signatories", async () => {
      const answer = await question("qui a signé la convention ?", "grand-chatellerault");
      expect(answer.refs[0]).toEqual({ type: "territory", id: "grand-chatellerault" });
      expect(answer.facet).toBe("signataires");
    });
  });

  describe("indexes built before the first question", () => {
    /** The real repository, counting the plans it loads. */
    const counting = () => {
      const loads: string[] = [];
      const repo = new Proxy(chat.app.repo, {
        get(target, key, receiver) {
          if (key === "getKnowledge")
            return (slug: string) => {
              loads.push(slug);
              return target.getKnowledge(slug);
            };
          const value = Reflect.get(target, key, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      return { repo, loads };
    };

    it("a territory's first question after the warm-up loads nothing; a new plan is loaded again", async () => {
      const { repo, loads } = counting();
      const cache = createKnowledgeCache(repo, await loadLexicon());
      const territories = await repo.listTerritories();
      expect(await warmKnowledge(cache, territories)).toBe(territories.length);
      expect(loads.sort()).toEqual(territories.map((t) => t.slug).sort());
      loads.length = 0;
      const answer = createQuestionAnswerer({
        repo,
        clock: () => NOW,
        prefixOf: () => "/ctg",
        knowledge: cache,
      });
      for (const t of territories) {
        const result = await answer(
          { text: "quels sont les axes du plan ?", platform: "console", channelId: "x" },
          t.slug,
        );
        expect(result.territory).toBe(t.slug);
        expect(result.refs[0]?.type).toBe("axis");
      }
      expect(loads).toEqual([]);
      const mellois = await loadDemoPlan("mellois-en-poitou");
      const axes = mellois.axes.map((a, i) => (i === 0 ? { ...a, titre: `${a.titre} (révisé)` } : a));
      await importPlan(chat.app.db.prisma, { ...mellois, axes }, "2026-11-22");
      await answer({ text: "quels sont les axes du plan ?", platform: "console", channelId: "x" }, "agen");
      await answer({ text: "les enjeux ?", platform: "console", channelId: "x" }, "mellois-en-poitou");
      expect(loads).toEqual(["mellois-en-poitou"]);
    });

    it("stops when asked to", async () => {
      const { repo, loads } = counting();
      const abort = new AbortController();
      abort.abort();
      const cache = createKnowledgeCache(repo, await loadLexicon());
      expect(await warmKnowledge(cache, await repo.listTerritories(), abort.signal)).toBe(0);
      expect(loads).toEqual([]);
    });
  });
});
