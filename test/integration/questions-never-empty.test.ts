import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Block } from "../../src/chat/reply.ts";
import { INTENTS } from "../../src/core/qa/types.ts";
import { lexiconSchema } from "../../src/domain/qa/lexicon-schema.ts";
import { LEXICON_FILE } from "../../src/store/qa-lexicon.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { DEMO_SLUGS } from "../helpers/plans.ts";

const NOW = new Date("2026-11-22T11:00:00Z");

/** What a reader sees beyond the small print: the answer itself. */
const said = (blocks: Block[]) =>
  blocks
    .filter((b) => b.type !== "context")
    .map((b) =>
      b.type === "text" || b.type === "heading"
        ? b.text
        : b.type === "list"
          ? b.items.join(" ")
          : b.type === "fields"
            ? b.fields.map((f) => f.value).join(" ")
            : b.type === "choices"
              ? `${b.prompt} ${b.choices.map((c) => c.label).join(" ")}`
              : b.links.map((l) => l.label).join(" "),
    )
    .join(" ")
    .trim();

/**
 * A property over every territory: whatever the question asks (each facet cue of the lexicon,
 * each kind, lists and counts, « prochain » and « dernier ») and whatever it is about (a fiche,
 * a body, a meeting, a commune, an acronym, a person, something no plan holds), the answer says
 * something besides its source line.
 */
describe("a reply is never empty", () => {
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

  it("for every kind of question, about every kind of thing, in all five territories", async () => {
    const lexicon = lexiconSchema.parse(parse(await readFile(LEXICON_FILE, "utf8")));
    const asks = [
      ...lexicon.facets.map((f) => f.cues[0] ?? ""),
      ...lexicon.kinds.map((k) => k.cues[0] ?? ""),
      ...lexicon.modes.list.slice(0, 3),
      ...lexicon.modes.count.slice(0, 2),
      ...(lexicon.time?.next ?? []).slice(0, 1),
      ...(lexicon.time?.past ?? []).slice(0, 1),
      "",
    ];
    const intents = new Set<string>();
    let asked = 0;
    for (const slug of DEMO_SLUGS) {
      const k = await chat.app.knowledge(slug);
      if (!k) throw new Error(`territoire ${slug} absent`);
      const { knowledge } = k;
      const about = [
        knowledge.actions[0] ? `l'action ${knowledge.actions[0].number}` : "",
        knowledge.actions[0]?.title ?? "",
        knowledge.axes[0] ? `l'axe ${knowledge.axes[0].number}` : "",
        knowledge.instances[0]?.name ?? "",
        knowledge.events.at(-1)?.title ?? "",
        knowledge.communes[0]?.name ?? "",
        knowledge.glossary[0]?.acronym ?? "",
        knowledge.persons[0]?.name ?? "",
        knowledge.rules[0]?.key.replaceAll("-", " ") ?? "",
        "la piscine",
        "",
      ];
      for (const ask of asks) {
        for (const subject of about) {
          const text = `${ask} ${subject} ?`.trim();
          const answer = await chat.app.answerQuestion(
            { text, platform: "console", channelId: `never-empty-${slug}` },
            slug,
          );
          asked++;
          intents.add(answer.intent);
          expect(said(answer.reply.blocks), `${slug} : « ${text} »`).not.toBe("");
        }
      }
    }
    expect(asked).toBeGreaterThan(1500);
    // Every intent of `ask --json` was reached at least once.
    expect([...intents].sort()).toEqual([...INTENTS].sort());
  });
});
