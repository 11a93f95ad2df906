import { describe, expect, it } from "vitest";
import {
  ACTION_CHOICE,
  ACTION_DATE,
  ACTION_SELECT,
  ACTION_SHARE,
  escapeMrkdwn,
  renderSlack,
  type SlackBlock,
} from "../../../src/chat/slack/block-kit.ts";
import { chosenCommand, stripMention } from "../../../src/chat/slack/slack-actions.ts";
import { context, fields, heading, links, list, reply, text } from "../../../src/core/reply.ts";

const render = (r: ReturnType<typeof reply>, shareCommand?: string) =>
  renderSlack(r, { prefix: "/ctg", ...(shareCommand !== undefined ? { shareCommand } : {}) });

const elementsOf = (block: SlackBlock | undefined) => (block?.elements ?? []) as Record<string, unknown>[];

describe("Block Kit rendering", () => {
  it("renders each block type, with the plain text as fallback", () => {
    const message = render(
      reply(
        heading("Action 11"),
        text("Pilote : CAF <Lot-et-Garonne> & Agen"),
        fields([["Échéance", "mars 2024"]]),
        list(["un", "deux"], true),
        links([{ label: "Compte rendu", url: "https://cloud.example.fr/index.php/f/42" }]),
        context("Source : CTG d'Agen, fiche action 11."),
      ),
    );
    expect(message.blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "section",
      "context",
    ]);
    expect(message.blocks[1]?.text).toMatchObject({
      type: "mrkdwn",
      text: "Pilote : CAF &lt;Lot-et-Garonne&gt; &amp; Agen",
    });
    expect(message.blocks[2]?.fields).toEqual([
      { type: "mrkdwn", text: "*Échéance*\nmars 2024", verbatim: true },
    ]);
    expect(message.blocks[3]?.text).toMatchObject({ text: "1. un\n2. deux" });
    expect(message.blocks[4]?.text).toMatchObject({
      text: "<https://cloud.example.fr/index.php/f/42|Compte rendu>",
    });
    expect(message.text).toContain("Pilote : CAF <Lot-et-Garonne> & Agen");
    expect(message.text).toContain("Source : CTG d'Agen");
  });

  it("keeps within Slack's limits: 3 000 per section, 10 fields, 150 per header, 50 blocks", () => {
    const long = Array.from({ length: 400 }, (_, i) => `ligne ${i} ${"x".repeat(20)}`).join("\n");
    const many = fields(Array.from({ length: 23 }, (_, i) => [`champ ${i}`, "valeur"] as [string, string]));
    const message = render(reply(heading("H".repeat(300)), text(long), many));
    for (const block of message.blocks) {
      const t = (block.text as { text?: string } | undefined)?.text ?? "";
      expect(t.length).toBeLessThanOrEqual(block.type === "header" ? 150 : 3000);
      expect(((block.fields as unknown[]) ?? []).length).toBeLessThanOrEqual(10);
    }
    const sectionsText = message.blocks
      .filter((b) => b.type === "section" && b.text !== undefined)
      .map((b) => (b.text as { text: string }).text)
      .join("\n");
    expect(sectionsText).toBe(long);
    expect(message.blocks.filter((b) => b.fields !== undefined)).toHaveLength(3);

    const huge = render(reply(...Array.from({ length: 80 }, (_, i) => text(`bloc ${i}`))));
    expect(huge.blocks).toHaveLength(50);
    expect(huge.blocks.at(-1)).toMatchObject({ type: "context" });
  });

  it("turns a few choices into buttons, many into selects of at most 100 options, and a date into a picker", () => {
    const few = render(
      reply({
        type: "choices",
        prompt: "Où en est cette échéance ?",
        choices: [
          { label: "C'est fait", command: "rappel fait 11@2024-03-26" },
          { label: "Reporter (+7 jours)", command: "rappel reporter 11@2024-03-26 +7" },
        ],
        date: { label: "Reporter au…", command: "rappel reporter 11@2024-03-26 au {date}" },
      }),
    );
    const actions = few.blocks.find((b) => b.type === "actions");
    const elements = elementsOf(actions);
    expect(elements.map((e) => e.type)).toEqual(["button", "button", "datepicker"]);
    expect(elements[0]).toMatchObject({
      action_id: `${ACTION_CHOICE}:0`,
      value: "rappel fait 11@2024-03-26",
    });
    expect(elements[2]).toMatchObject({ action_id: `${ACTION_DATE}:2` });
    expect(actions?.block_id).toBe(`${ACTION_DATE}|rappel reporter 11@2024-03-26 au {date}`);

    const choices = Array.from({ length: 130 }, (_, i) => ({
      label: `Dossier ${i}`,
      command: `deplacer x ${i}`,
    }));
    const many = render(reply({ type: "choices", prompt: "Où ranger ?", choices }));
    const selects = elementsOf(many.blocks.find((b) => b.type === "actions"));
    expect(selects.map((e) => e.type)).toEqual(["static_select", "static_select"]);
    expect(selects[0]?.options).toHaveLength(100);
    expect(selects[1]?.options).toHaveLength(30);
    expect(String(selects[0]?.action_id)).toMatch(new RegExp(`^${ACTION_SELECT}:`));
  });

  it("adds the share button only when asked", () => {
    expect(render(reply(text("a"))).blocks.some((b) => b.type === "actions")).toBe(false);
    const shared = render(reply(text("a")), "echeances");
    expect(elementsOf(shared.blocks.at(-1))[0]).toMatchObject({
      action_id: ACTION_SHARE,
      value: "echeances",
      text: { text: "Partager dans le canal" },
    });
  });

  it("escapes only Slack's three control characters", () => {
    expect(escapeMrkdwn("a < b && c > d *gras*")).toBe("a &lt; b &amp;&amp; c &gt; d *gras*");
  });
});

describe("clicks and mentions", () => {
  it("reads the command behind a button, a select and a date", () => {
    expect(
      chosenCommand({
        type: "button",
        action_id: "ctg_choice:0",
        value: "rappel fait 1@2024-01-01",
        text: { text: "C'est fait" },
      }),
    ).toEqual({
      command: "rappel fait 1@2024-01-01",
      label: "C'est fait",
    });
    expect(
      chosenCommand({
        type: "static_select",
        action_id: "ctg_select:0",
        selected_option: { value: "deplacer a 2", text: { text: "Dossier 2" } },
      }),
    ).toEqual({ command: "deplacer a 2", label: "Dossier 2" });
    expect(
      chosenCommand({
        type: "datepicker",
        action_id: "ctg_date:2",
        block_id: "ctg_date|rappel reporter 1@2024-01-01 au {date}",
        selected_date: "2027-06-30",
      }),
    ).toEqual({ command: "rappel reporter 1@2024-01-01 au 30/06/2027", label: "30/06/2027" });
    expect(
      chosenCommand({
        type: "datepicker",
        action_id: "ctg_date:2",
        block_id: "autre",
        selected_date: "2027-06-30",
      }),
    ).toBeNull();
  });

  it("removes the bot's mention wherever it is", () => {
    expect(stripMention("<@U0BOT> qui pilote l'action 11 ?", "U0BOT")).toBe("qui pilote l'action 11 ?");
    expect(stripMention("dis <@U0BOT|ctg>, c'est quand le COPIL ?", "U0BOT")).toBe(
      "dis , c'est quand le COPIL ?",
    );
    expect(stripMention("<@U0BOT>: aide", "U0BOT")).toBe("aide");
  });
});
