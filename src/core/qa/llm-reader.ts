import type { KnowledgeIndex } from "./knowledge-index.ts";
import type { Reading } from "./read-question.ts";
import { parseStructuredQuery, queryPrompt, readingFromQuery } from "./structured-query.ts";

/** What the reader needs of a chat-completions client (src/llm/chat-completions.ts). */
export interface Completer {
  complete(messages: { role: "system" | "user"; content: string }[], signal: AbortSignal): Promise<string>;
}

/** The model's whole time for one question; past it, the question is read without it. */
export const LLM_TIMEOUT_MS = 1_500;

export type LlmReading = { source: "llm"; reading: Reading } | { source: "retrieval"; reason: string };

/**
 * Reads a question with a language model: the model turns it into a structured query (JSON,
 * validated), never into an answer. Any failure (timeout, HTTP error, bad JSON, a query that does
 * not validate) is a `retrieval` result: the caller reads the question itself.
 */
export function createLlmReader(
  completer: Completer,
  options: { timeout?: () => AbortSignal; onFallback?: (reason: string) => void } = {},
) {
  const timeout = options.timeout ?? (() => AbortSignal.timeout(LLM_TIMEOUT_MS));
  return async function read(
    question: string,
    index: KnowledgeIndex,
    ignore: readonly string[] = [],
  ): Promise<LlmReading> {
    try {
      const content = await completer.complete(
        [
          { role: "system", content: queryPrompt(index) },
          { role: "user", content: question },
        ],
        timeout(),
      );
      return {
        source: "llm",
        reading: readingFromQuery(question, parseStructuredQuery(content), index, ignore),
      };
    } catch (error) {
      const reason =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")
          ? "délai dépassé"
          : error instanceof Error
            ? error.message
            : String(error);
      options.onFallback?.(reason);
      return { source: "retrieval", reason };
    }
  };
}

export type LlmReader = ReturnType<typeof createLlmReader>;
