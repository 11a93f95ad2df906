import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderText } from "../../src/chat/render-text.ts";
import type { Inbound, Responder } from "../../src/core/inbound/pipeline.ts";
import { NOT_READ } from "../../src/core/inbound/pipeline.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

/**
 * The inbound pipeline's own rules, on the real app: what a platform hands over and what the bot
 * answers, through a responder that records (the adapters' side is the chat contract suite).
 */
describe("the inbound pipeline", () => {
  let db: TestDatabase;
  let chat: TestChat;
  const now = new Date("2024-03-13T09:00:00Z");
  let messages = 0;

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, now);
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  const recorder = () => {
    const said: string[] = [];
    const reactions: string[] = [];
    const responder: Responder = {
      send: async (answer) => {
        said.push(renderText(answer, "/ctg").text);
        return `ref-${said.length}`;
      },
      react: async (key) => void reactions.push(key),
    };
    return { said, reactions, responder };
  };

  const message = (
    channelId: string,
    text: string,
    extra: Partial<Extract<Inbound["event"], { type: "message" }>> = {},
    platform = "console",
  ): Inbound => {
    messages += 1;
    return {
      platform,
      channelId,
      userId: "U1",
      messageId: `m${messages}`,
      receivedAt: now,
      eventKey: `event:${messages}`,
      event: { type: "message", text, mentioned: false, ...extra },
    };
  };

  it("says once per channel that it cannot read an encrypted room", async () => {
    const { said, responder } = recorder();
    const { pipeline } = chat.app.pipeline();
    for (const key of ["e1", "e2"]) {
      await pipeline.handle(
        {
          platform: "essai",
          channelId: "chiffre",
          userId: "U1",
          receivedAt: now,
          eventKey: key,
          event: { type: "unreadable" },
        },
        responder,
      );
    }
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/chiffré de bout en bout/);
  });

  it("files nothing posted in a group that has no territory; in a direct chat it files", async () => {
    const file = {
      name: "notes.txt",
      size: 5,
      mimeType: "text/plain",
      open: () => Readable.from([Buffer.from("notes")]),
    };
    const { pipeline } = chat.app.pipeline();
    const group = recorder();
    await pipeline.handle(
      message("groupe", "CR du COPIL", { files: [file], direct: async () => false }),
      group.responder,
    );
    expect(group.said).toEqual([]);
    const direct = recorder();
    await pipeline.handle(
      message("direct", "CR du COPIL", { files: [file], direct: async () => true }),
      direct.responder,
    );
    // No territory there either: the bot asks which one, it does not drop the file.
    expect(direct.said.join("\n")).toMatch(/territoire/i);
  });

  it("says why a file it cannot take is not filed, and files the others of the message", async () => {
    await chat.app.repo.bindChannel("console", "lie", "agen");
    const { pipeline } = chat.app.pipeline();
    const { said, responder } = recorder();
    await pipeline.handle(
      message("lie", "CR du COPIL d'hier", {
        files: [
          { name: "photo.jpg", unavailable: "il a été supprimé de Slack" },
          {
            name: "cr.txt",
            size: 9,
            mimeType: "text/plain",
            open: () => Readable.from([Buffer.from("CR COPIL.")]),
          },
        ],
      }),
      responder,
    );
    expect(said[0]).toBe("Je ne peux pas ranger « photo.jpg » : il a été supprimé de Slack.");
    expect(said[1]).toMatch(/^Rangé : 03 Instances\/COPIL\//);
  });

  it("« ranger » in a thread whose first message has no file says so", async () => {
    const { pipeline } = chat.app.pipeline();
    const { said, responder } = recorder();
    await pipeline.handle(
      {
        ...message("lie", "ranger", {
          mentioned: true,
          threadStart: async () => ({ text: "bonjour", files: [] }),
        }),
        threadId: "racine",
      },
      responder,
    );
    expect(said).toEqual(["Le message de départ de ce fil n'a pas de fichier : il n'y a rien à ranger."]);
  });

  it("someone over the rate limit is told once; the messages not read get ⏳, nothing else happens", async () => {
    const { pipeline } = chat.app.pipeline({ perMinute: 2 });
    const { said, reactions, responder } = recorder();
    for (let i = 0; i < 4; i += 1)
      await pipeline.handle(message("lie", "aide sigle", { mentioned: true }, "essai"), responder);
    expect(said).toHaveLength(3);
    expect(said[2]).toMatch(/beaucoup de messages d'un coup/);
    expect(reactions).toEqual([NOT_READ, NOT_READ]);
  });

  it("a reaction on another message than the choices is not a choice", async () => {
    const { pipeline } = chat.app.pipeline();
    const { said, responder } = recorder();
    await pipeline.handle(message("sans-territoire", "territoire", { mentioned: true }), responder);
    expect(said[0]).toMatch(/\[1\] Agglomération d'Agen/);
    const reaction = (on: string): Inbound => ({
      platform: "console",
      channelId: "sans-territoire",
      userId: "U1",
      receivedAt: now,
      eventKey: `reaction:${on}`,
      event: { type: "reaction", key: "1️⃣", on },
    });
    await pipeline.handle(reaction("autre-message"), responder);
    expect(said).toHaveLength(1);
    await pipeline.handle(reaction("ref-1"), responder);
    expect(said[1]).toMatch(/rattaché au territoire Agglomération d'Agen/);
  });
});
