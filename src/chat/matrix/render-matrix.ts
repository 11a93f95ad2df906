import { NUMBER_REACTIONS } from "../../core/inbound/choices.ts";
import { prefixOf } from "../../core/inbound/read-message.ts";
import type { Block, Reply } from "../../core/reply.ts";
import { CHOOSE_BY_NUMBER_OR_REACTION } from "../../core/wording/chat.ts";
import { renderText } from "../render-text.ts";

/**
 * A reply as a Matrix `m.notice`: `body` is the plain-text rendering (numbered choices included,
 * answered by number or by reaction), `formatted_body` the same in the HTML subset of the spec
 * (`org.matrix.custom.html`). `choices` are the commands behind the numbers, in order.
 */
export interface MatrixMessage {
  content: {
    msgtype: "m.notice";
    body: string;
    format: "org.matrix.custom.html";
    formatted_body: string;
  };
  choices: string[];
}

export const MATRIX_PREFIX = prefixOf("matrix");

export function renderMatrix(reply: Reply): MatrixMessage {
  const plain = renderText(reply, MATRIX_PREFIX);
  const html: string[] = [];
  let number = 0;
  for (const block of reply.blocks) html.push(renderBlock(block, () => ++number));
  return {
    content: {
      msgtype: "m.notice",
      body: plain.text,
      format: "org.matrix.custom.html",
      formatted_body: html.join(""),
    },
    choices: plain.choices,
  };
}

function renderBlock(block: Block, next: () => number): string {
  switch (block.type) {
    case "heading":
      return `<h4>${escapeHtml(block.text)}</h4>`;
    case "text":
      return `<p>${lines(block.text)}</p>`;
    case "fields":
      return `<p>${block.fields.map((f) => `<b>${escapeHtml(f.label)}</b> : ${lines(f.value)}`).join("<br>")}</p>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>${block.items.map((item) => `<li>${lines(item)}</li>`).join("")}</${tag}>`;
    }
    case "links":
      return `<ul>${block.links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`).join("")}</ul>`;
    case "context":
      return `<p><sub>${lines(block.text)}</sub></p>`;
    case "choices": {
      const items = block.choices.map((c) => {
        const n = next();
        return `<li>${escapeHtml(c.label)} <code>${escapeHtml(`${MATRIX_PREFIX} ${c.command}`)}</code> ${NUMBER_REACTIONS[n - 1] ?? ""}</li>`;
      });
      return `<p>${escapeHtml(block.prompt)}</p><ol>${items.join("")}</ol><p><sub>${CHOOSE_BY_NUMBER_OR_REACTION}</sub></p>`;
    }
  }
}

function lines(text: string): string {
  return escapeHtml(text).replace(/\n/g, "<br>");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
