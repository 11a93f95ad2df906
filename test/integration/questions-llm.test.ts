import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderText } from "../../src/chat/render-text.ts";
import type { Check } from "../../src/cli/doctor-command.ts";
import { runChecks } from "../../src/cli/doctor-command.ts";
import { createLlmReader } from "../../src/core/qa/llm-reader.ts";
import { createQuestionAnswerer } from "../../src/core/questions.ts";
import { createChatCompletions } from "../../src/llm/chat-completions.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeChatCompletions, startFakeChatCompletions } from "../helpers/fake-chat-completions.ts";

const NOW = new Date("2026-11-22T11:00:00Z");
const KEY = "sk-test-albert";
const VAGUE = "et pour le truc des ados, qui est dans le coup ?";

describe("questions read by an optional language model (QA_LLM_URL)", () => {
  let db: TestDatabase;
  let withModel: TestChat;
  let llm: FakeChatCompletions;
  let closed = false;
  const ask = (chat: TestChat, text: string) =>
    chat.app.answerQuestion({ text, platform: "console", channelId: "canal-agen" }, "agen");

  beforeAll(async () => {
    llm = await startFakeChatCompletions({ key: KEY });
    db = await createPgliteDatabase();
    withModel = await startTestApp(db, NOW, {
      QA_LLM_URL: llm.url,
      QA_LLM_MODEL: "albert-small",
      QA_LLM_KEY: KEY,
    });
  });
  afterAll(async () => {
    if (!closed) await withModel?.app.close();
    await llm?.close();
    await db?.drop();
  });

  it("sends the question and a prompt naming the plan's fiches, with the model and the key", async () => {
    llm.answer = () =>
      JSON.stringify({ kind: "action", facet: "partenaires", action: "3", words: ["jeunesse"] });
    await ask(withModel, VAGUE);
    const request = llm.requests.at(-1);
    expect(request?.model).toBe("albert-small");
    expect(request?.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(request?.messages[1]?.content).toBe(VAGUE);
    expect(request?.messages[0]?.content).toContain(
      "- 3 : Aller vers en déployant une offre jeunesse sur l'ensemble du territoire",
    );
    expect(request?.messages[0]?.content).toContain("de l'Agglomération d'Agen");
  });

  it("answers the field the model's query names, from the plan, with its source", async () => {
    llm.answer = () =>
      JSON.stringify({ kind: "action", facet: "partenaires", action: 3, words: ["jeunesse"], list: false });
    const answer = await ask(withModel, VAGUE);
    expect(answer.intent).toBe("who");
    expect(answer.facet).toBe("partenaires");
    expect(answer.refs[0]).toEqual({ type: "action", id: "3" });
    const text = renderText(answer.reply, "/ctg").text;
    expect(text).toContain("Action 3");
    expect(text).toContain("Source");
  });

  it("drops what the plan does not have (an action the model invented) instead of answering it", async () => {
    llm.answer = () => JSON.stringify({ kind: "action", facet: "pilote", action: "99", words: [] });
    const answer = await ask(withModel, "qui pilote l'action 2 ?");
    expect(answer.refs[0]).toEqual({ type: "action", id: "2" });
    expect(answer.facet).toBe("pilote");
  });

  it.each([
    ["a reply that is not JSON", () => "Voici la réponse : l'action 3."],
    ["a query that does not validate", () => JSON.stringify({ kind: "piscine", month: 14 })],
    ["an HTTP error", () => 500],
  ])("falls back to retrieval on %s: the same answer as without a model", async (_, answer) => {
    llm.answer = answer as FakeChatCompletions["answer"];
    for (const question of ["qui pilote l'action 2 ?", "est-ce qu'il y a un laep a estillac ?", VAGUE]) {
      const withIt = await ask(withModel, question);
      const reference = await plainAnswer(question);
      expect(withIt.refs).toEqual(reference.refs);
      expect(renderText(withIt.reply, "/ctg").text).toBe(renderText(reference.reply, "/ctg").text);
    }
  });

  it("gives up when the model is late, and says why", async () => {
    llm.answer = () => "hang";
    const controller = new AbortController();
    llm.onRequest = () => controller.abort(new DOMException("délai", "TimeoutError"));
    const reasons: string[] = [];
    const read = createLlmReader(createChatCompletions({ url: llm.url, model: "albert-small", key: KEY }), {
      timeout: () => controller.signal,
      onFallback: (r) => reasons.push(r),
    });
    const loaded = await withModel.app.knowledge("agen");
    if (!loaded) throw new Error("agen not loaded");
    const result = await read("qui pilote l'action 2 ?", loaded.index);
    llm.onRequest = () => {};
    expect(result).toEqual({ source: "retrieval", reason: "délai dépassé" });
    expect(reasons).toEqual(["délai dépassé"]);
  });

  describe("doctor", () => {
    const diagnose = async (env: Record<string, string>) => {
      const checks = await runChecks(
        { DATA_DIR: db.dataDir, WORKSPACE_DIR: `${db.dataDir}/espace`, ...env },
        fetch,
      );
      return checks.find((c) => c.name === "Modèle de langage") as Check;
    };
    const configured = () => ({ QA_LLM_URL: llm.url, QA_LLM_MODEL: "albert-small", QA_LLM_KEY: KEY });

    it("skips it when unset, and reports it ready when it reads a trial question", async () => {
      await withModel.app.close();
      closed = true;
      expect((await diagnose({})).status).toBe("skipped");
      llm.answer = () => JSON.stringify({ kind: "action", facet: "pilote", action: "1" });
      const ok = await diagnose(configured());
      expect(ok.status).toBe("ok");
      expect(ok.detail).toMatch(/^« albert-small » lit les questions \(essai en \d+ ms\)\.$/);
    });

    it("names the variable to fix: a refused key, an unknown model, an address that is no API", async () => {
      expect(await diagnose({ ...configured(), QA_LLM_KEY: "sk-faux" })).toEqual({
        name: "Modèle de langage",
        status: "error",
        detail: "la clé est refusée (HTTP 401) : vérifiez QA_LLM_KEY.",
      });
      const model = await diagnose({ ...configured(), QA_LLM_MODEL: "gpt-9" });
      expect(model.detail).toBe(
        `le modèle « gpt-9 » n'est pas servi par ${llm.url} ; modèles disponibles : albert-small. Corrigez QA_LLM_MODEL.`,
      );
      const path = await diagnose({ ...configured(), QA_LLM_URL: llm.url.replace("/v1", "/api") });
      expect(path.status).toBe("error");
      expect(path.detail).toContain("vérifiez QA_LLM_URL");
    });

    it("warns, without failing, when the model answers something that is not a query", async () => {
      llm.answer = () => "Bonjour ! Je suis un assistant.";
      const bad = await diagnose(configured());
      expect(bad.status).toBe("warning");
      expect(bad.detail).toContain("ne rend pas de requête JSON valide");
      expect(bad.detail).toContain("les questions seront lues sans lui");
    });
  });

  /** The same app's answerer without a model: the reference. */
  async function plainAnswer(question: string) {
    const answerer = createQuestionAnswerer({
      repo: withModel.app.repo,
      clock: () => NOW,
      prefixOf: () => "/ctg",
      knowledge: withModel.app.knowledge,
    });
    return answerer({ text: question, platform: "console", channelId: "canal-agen" }, "agen");
  }
});
