import { describe, expect, it } from "vitest";
import { matrixRateLimitDelay, transactionIdFor } from "../../../src/chat/matrix/matrix-adapter.ts";
import { captionOf } from "../../../src/chat/matrix/matrix-files.ts";
import { renderMatrix } from "../../../src/chat/matrix/render-matrix.ts";
import { context, fields, heading, links, reply, text } from "../../../src/core/reply.ts";

describe("Matrix rendering", () => {
  it("is an m.notice with the plain text as body and escaped HTML as formatted_body", () => {
    const message = renderMatrix(
      reply(
        heading("Action 11"),
        text("Pilote : CAF <47> & Agen\nsuite"),
        fields([["Échéance", "mars 2024"]]),
        links([{ label: "CR", url: "https://cloud.example.fr/f/1?a=1&b=2" }]),
        context("Source : CTG d'Agen."),
      ),
    );
    expect(message.content.msgtype).toBe("m.notice");
    expect(message.content.format).toBe("org.matrix.custom.html");
    expect(message.content.body).toContain("Pilote : CAF <47> & Agen");
    expect(message.content.formatted_body).toBe(
      "<h4>Action 11</h4><p>Pilote : CAF &lt;47&gt; &amp; Agen<br>suite</p><p><b>Échéance</b> : mars 2024</p>" +
        '<ul><li><a href="https://cloud.example.fr/f/1?a=1&amp;b=2">CR</a></li></ul><p><sub>Source : CTG d\'Agen.</sub></p>',
    );
    expect(message.choices).toEqual([]);
  });

  it("numbers the choices the way the plain text does, with their reactions", () => {
    const message = renderMatrix(
      reply({
        type: "choices",
        prompt: "Où ranger ?",
        choices: [
          { label: "A classer", command: "deplacer ab 1" },
          { label: "Plan d'actions", command: "deplacer ab 2" },
        ],
      }),
    );
    expect(message.choices).toEqual(["deplacer ab 1", "deplacer ab 2"]);
    expect(message.content.body).toContain("[2] Plan d'actions (!ctg deplacer ab 2)");
    expect(message.content.formatted_body).toContain(
      "<li>Plan d'actions <code>!ctg deplacer ab 2</code> 2️⃣</li>",
    );
  });
});

describe("Matrix helpers", () => {
  it("reads M_LIMIT_EXCEEDED's delay, derives stable transaction ids, and finds a file's caption", () => {
    expect(matrixRateLimitDelay({ errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 2500 })).toBe(2500);
    expect(matrixRateLimitDelay({ errcode: "M_LIMIT_EXCEEDED" })).toBe(1000);
    expect(matrixRateLimitDelay({ errcode: "M_FORBIDDEN" })).toBeNull();
    expect(transactionIdFor("agen:milestone:11@2024-03-26:J-7")).toBe(
      transactionIdFor("agen:milestone:11@2024-03-26:J-7"),
    );
    expect(transactionIdFor("a")).not.toBe(transactionIdFor("b"));
    expect(transactionIdFor("a")).toMatch(/^ctg-[0-9a-f]{40}$/);
    expect(captionOf({ body: "CR du COPIL", filename: "cr.pdf" })).toBe("CR du COPIL");
    expect(captionOf({ body: "cr.pdf", filename: "cr.pdf" })).toBe("");
    expect(captionOf({ body: "cr.pdf" })).toBe("");
  });
});
