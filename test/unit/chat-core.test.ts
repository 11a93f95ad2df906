import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { allCommands } from "../../commands/index.ts";
import type { ChatAdapter } from "../../src/chat/chat-adapter.ts";
import { ConsoleAdapter, lineToIncoming } from "../../src/chat/console/console-adapter.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { defineCommand } from "../../src/core/command.ts";
import { asBotError, BotError } from "../../src/core/errors.ts";
import { prefixOf, readMessage } from "../../src/core/inbound.ts";
import { createRegistry } from "../../src/core/registry.ts";
import { context, fields, heading, list, reply, text } from "../../src/core/reply.ts";
import { tokenize } from "../../src/core/tokenize.ts";

const base = { platform: "console", channelId: "c", userId: "u", receivedAt: new Date(0) };

describe("command registry", () => {
  it("refuses to start with a duplicate command name or alias", () => {
    const dup = defineCommand({ ...allCommands[0], name: "doublon", aliases: ["echeances"] } as never);
    expect(() => createRegistry([...allCommands, dup])).toThrow(/Duplicate command name "echeances"/);
  });

  it("finds a command by alias, ignoring accents and case", () => {
    const registry = createRegistry(allCommands);
    expect(registry.find("Échéances")?.name).toBe("echeances");
    expect(registry.find("help")?.name).toBe("aide");
    expect(registry.find("inconnue")).toBeUndefined();
  });

  it("every command has French help and at least one example", () => {
    for (const c of allCommands) {
      expect(c.summary.length).toBeGreaterThan(10);
      expect(c.examples.length).toBeGreaterThan(0);
      expect(c.args).toBeInstanceOf(z.ZodType);
    }
  });
});

describe("console input", () => {
  it("reads /ctg and !ctg lines as commands and other lines as questions", () => {
    expect(lineToIncoming("/ctg action 11", [], base)).toMatchObject({ kind: "command", text: "action 11" });
    expect(lineToIncoming("!CTG aide", [], base)).toMatchObject({ kind: "command", text: "aide" });
    expect(lineToIncoming("/ctg", [], base)).toMatchObject({ kind: "command", text: "" });
    expect(lineToIncoming("qui pilote l'action 11 ?", [], base)).toMatchObject({ kind: "question" });
    expect(lineToIncoming("   ", [], base)).toBeNull();
  });

  it("turns a numbered reply into the chosen command", () => {
    expect(lineToIncoming("2", ["territoire agen", "territoire mellois-en-poitou"], base)).toMatchObject({
      kind: "command",
      text: "territoire mellois-en-poitou",
    });
    expect(lineToIncoming("3", ["territoire agen"], base)).toMatchObject({ kind: "question", text: "3" });
  });

  it("keeps quoted words together", () => {
    expect(tokenize('echeances "premier semestre 2024"')).toEqual(["echeances", "premier semestre 2024"]);
    expect(tokenize("ranger « CR COPIL » vite")).toEqual(["ranger", "CR COPIL", "vite"]);
  });
});

describe("text rendering", () => {
  it("renders every block type and numbers the choices", () => {
    const out = renderText(
      reply(
        heading("Action 11"),
        text("Constat"),
        fields([
          ["Pilote", "CAF"],
          ["Vide", null],
        ]),
        list(["a", "b"]),
        { type: "links", links: [{ label: "Fichier", url: "https://x/f/1" }] },
        { type: "choices", prompt: "Choisissez :", choices: [{ label: "Agen", command: "territoire agen" }] },
        context("Source : convention"),
      ),
      "/ctg",
    );
    expect(out.text).toBe(
      [
        "Action 11",
        "─────────",
        "Constat",
        "Pilote : CAF",
        "  • a",
        "  • b",
        "  Fichier : https://x/f/1",
        "Choisissez :",
        "  [1] Agen (/ctg territoire agen)",
        "Répondez par le numéro de votre choix.",
        "  ↳ Source : convention",
      ].join("\n"),
    );
    expect(out.choices).toEqual(["territoire agen"]);
  });
});

describe("errors", () => {
  it("turns an unknown error into a French internal error without details", () => {
    const e = asBotError(new Error("connection refused at 10.0.0.1"));
    expect(e.code).toBe("internal");
    expect(e.userMessage).not.toContain("10.0.0.1");
    expect(e.userMessage).toMatch(/^Une erreur interne/);
  });

  it("keeps a BotError as it is", () => {
    const original = new BotError("unknown_action", "Je n'ai pas trouvé d'action 14.");
    expect(asBotError(original)).toBe(original);
  });
});

describe("the console implements the whole chat port", () => {
  it("starts without a port, is ready, delivers a reminder as a message, runs to the end of its input", async () => {
    const written: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    });
    const handled: string[] = [];
    const adapter: ChatAdapter = new ConsoleAdapter({
      input: Readable.from([]),
      output,
      interactive: false,
      channelId: "console",
      userId: "moi",
      clock: () => new Date("2026-12-08T09:00:00Z"),
      handle: async (incoming) => {
        handled.push(incoming.text);
        return { status: "not-handled" };
      },
    });
    expect(await adapter.start()).toEqual({ port: null });
    await expect(adapter.ready()).resolves.toBeUndefined();
    await adapter.deliver({
      key: "milestone:1@2027-03-13:J-7:console:console",
      platform: "console",
      channelId: "console",
      text: "Échéance dans 7 jours",
      reply: reply(heading("Échéance dans 7 jours"), text("Action 1")),
      uncertain: false,
    });
    expect(written.join("")).toContain("Échéance dans 7 jours");
    await adapter.run();
    await adapter.stop();
  });
});

describe("one reading of a message for every platform", () => {
  const isCommandWord = (w: string) => ["aide", "action", "rappels"].includes(w);
  it("a prefix makes a command; a number answers the last choices; an addressed command word is a command", () => {
    const rules = { prefixes: ["!ctg"], isCommandWord, choices: ["deplacer ab12 1", "deplacer ab12 2"] };
    expect(readMessage("!ctg aide", { ...rules, addressed: false })).toEqual({
      kind: "command",
      text: "aide",
    });
    expect(readMessage("!CTG", { ...rules, addressed: false })).toEqual({ kind: "command", text: "" });
    expect(readMessage(" 2 ", { ...rules, addressed: false })).toEqual({
      kind: "command",
      text: "deplacer ab12 2",
    });
    expect(readMessage("7", { ...rules, addressed: false })).toBeNull();
    expect(readMessage("aide", { ...rules, addressed: true })).toEqual({ kind: "command", text: "aide" });
    expect(readMessage("aide", { ...rules, addressed: false })).toBeNull();
    expect(readMessage("qui pilote l'action 2 ?", { ...rules, addressed: true })).toEqual({
      kind: "question",
      text: "qui pilote l'action 2 ?",
    });
    expect(readMessage("!ctgaide", { ...rules, addressed: true })?.kind).toBe("question");
  });

  it("in the console, « aide » without the prefix is the command, as in a Slack or Matrix mention", () => {
    const base = { platform: "console", channelId: "c", userId: "u", receivedAt: new Date(0) };
    expect(lineToIncoming("aide", [], base, isCommandWord)).toMatchObject({ kind: "command", text: "aide" });
    expect(lineToIncoming("!ctg action 11", [], base, isCommandWord)).toMatchObject({
      kind: "command",
      text: "action 11",
    });
    expect(prefixOf("matrix")).toBe("!ctg");
    expect(prefixOf("slack")).toBe("/ctg");
  });
});
