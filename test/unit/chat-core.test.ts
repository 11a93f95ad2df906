import { describe, expect, it } from "vitest";
import { z } from "zod";
import { allCommands } from "../../commands/index.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { defineCommand } from "../../src/core/command.ts";
import { asBotError, BotError } from "../../src/core/errors.ts";
import { prefixesOf, prefixOf, readMessage } from "../../src/core/inbound/read-message.ts";
import { createRegistry } from "../../src/core/registry.ts";
import { context, fields, heading, list, reply, text } from "../../src/core/reply.ts";
import { tokenize } from "../../src/core/tokenize.ts";

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

describe("tokenizing a command", () => {
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

  it("each platform has its prefix; the console, a direct chat with the operator, takes both", () => {
    expect(prefixOf("matrix")).toBe("!ctg");
    expect(prefixOf("slack")).toBe("/ctg");
    expect(prefixesOf("console")).toEqual(["/ctg", "!ctg"]);
    expect(prefixesOf("slack")).toEqual(["/ctg"]);
  });
});
