import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, loadQuestions, summarize } from "../../bench/lib/qa-eval.ts";
import { createQuestionAnswerer, type QuestionAnswerer } from "../../src/core/questions.ts";
import { localToInstant } from "../../src/domain/time/zoned.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { loadDemoPlan } from "../helpers/plans.ts";

const NOW = new Date("2026-11-22T11:00:00Z");

describe("free questions", () => {
  let db: TestDatabase;
  let chat: TestChat;
  let ask: QuestionAnswerer;
  const question = (text: string, territory = "agen") =>
    ask({ text, platform: "console", channelId: `canal-${territory}` }, territory);

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, NOW);
    ask = createQuestionAnswerer({ repo: chat.app.repo, clock: () => NOW, prefixOf: () => "/ctg" });
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  it("answers the 215 questions of the fixture with at least 95 % top-1 and no invented answer", async () => {
    const answerers = new Map<string, QuestionAnswerer>();
    const at = (now: string) => {
      const existing = answerers.get(now);
      if (existing) return existing;
      const instant = localToInstant(`${now}T12:00`, "Europe/Paris");
      const created = createQuestionAnswerer({
        repo: chat.app.repo,
        clock: () => instant,
        prefixOf: () => "/ctg",
      });
      answerers.set(now, created);
      return created;
    };
    const summary = summarize(await evaluate(await loadQuestions(), at));
    expect(summary.total).toBeGreaterThanOrEqual(100);
    expect(summary.invented.map((r) => r.case.question)).toEqual([]);
    expect(summary.top1).toBeGreaterThanOrEqual(0.95);
  });

  it("finds actions that say RPE from a question that says « relais petite enfance »", async () => {
    const answer = await question("y a t il des actions sur le relais petite enfance ?");
    expect(answer.intent).toBe("which_actions");
    expect(answer.refs[0]).toEqual({ type: "action", id: "1" });
  });

  it("tolerates typos and missing accents", async () => {
    const answer = await question("quand est prevue la mise en service de l'appli jeunnesse ?");
    expect(answer.refs[0]).toEqual({ type: "milestone", id: "3@2024-01-01" });
  });

  it("answers about the territory named in the question rather than the channel's", async () => {
    const answer = await question("à mellois en poitou, qui est la directrice de l'éducation ?");
    expect(answer.territory).toBe("mellois-en-poitou");
    expect(answer.refs[0]).toEqual({ type: "person", id: "delphine-belliot" });
  });

  it("says it does not know an action that does not exist, and proposes the nearest ones", async () => {
    const answer = await question("qui pilote l'action 14 ?");
    expect(answer.refs).toEqual([]);
    const text = answer.reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");
    expect(text).toContain("Je n'ai pas trouvé d'action 14 à Agglomération d'Agen.");
  });

  it("never invents a date the plan does not give", async () => {
    const answer = await question("quelle est la date de fin de la convention ?", "golfe-morbihan-vannes");
    expect(answer.refs).toEqual([]);
    expect(answer.reply.blocks[0]).toEqual({
      type: "text",
      text: "Le document de Golfe du Morbihan - Vannes Agglomération ne donne pas de date de fin de la convention.",
    });
  });

  it("gives both meanings of AVS, the CTG one first, with its source", async () => {
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
    expect(
      before.reply.blocks.some(
        (b) => b.type === "list" && b.items.includes("La fiche ne nomme pas de pilote."),
      ),
    ).toBe(true);
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
    expect(
      after.reply.blocks.some((b) => b.type === "list" && b.items.includes("Pilote : Service vie sociale")),
    ).toBe(true);
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
});
