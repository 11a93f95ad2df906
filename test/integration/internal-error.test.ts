import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

describe("a fault while answering", () => {
  let db: TestDatabase;
  let chat: TestChat;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, new Date("2026-11-22T09:00:00Z"));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("answers in French without details and hands the error to the operator", async () => {
    await chat.send("territoire agen");
    await chat.app.close(); // the database goes away under the bot
    const { result, text } = await chat.send("action 11");
    expect(result.status).toBe("internal-error");
    expect(text).toBe(
      "Une erreur interne est survenue. Réessayez dans un instant ; si elle persiste, prévenez l'administrateur du bot.",
    );
    expect(result.status === "internal-error" && result.error).toBeInstanceOf(Error);
  });
});
