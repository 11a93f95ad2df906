/**
 * A client of an OpenAI-compatible chat-completions endpoint (the French state's Albert API, a
 * local llama.cpp or vLLM server…): `POST {url}/chat/completions` and `GET {url}/models`, with a
 * bearer key when one is set. Only transport: what is asked and what is done with the reply is
 * src/core/qa/llm-reader.ts.
 */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatCompletionsOptions {
  /** Base URL, up to and including the version (https://albert.api.etalab.gouv.fr/v1). */
  url: string;
  model: string;
  key?: string | undefined;
  fetchFn?: typeof fetch;
}

export class ChatCompletionsError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = "ChatCompletionsError";
    this.status = status;
  }
}

export function createChatCompletions(options: ChatCompletionsOptions) {
  const fetchFn = options.fetchFn ?? fetch;
  const base = options.url.replace(/\/+$/, "");
  const headers = (json: boolean): Record<string, string> => ({
    accept: "application/json",
    ...(json ? { "content-type": "application/json" } : {}),
    ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
  });

  async function body(res: Response): Promise<unknown> {
    const text = await res.text();
    if (!res.ok) throw new ChatCompletionsError(`HTTP ${res.status} : ${text.slice(0, 200)}`, res.status);
    try {
      return JSON.parse(text);
    } catch {
      throw new ChatCompletionsError("réponse qui n'est pas du JSON", res.status);
    }
  }

  return {
    model: options.model,
    /** The assistant's message of the first choice. */
    async complete(messages: ChatMessage[], signal: AbortSignal): Promise<string> {
      const res = await fetchFn(`${base}/chat/completions`, {
        method: "POST",
        headers: headers(true),
        body: JSON.stringify({
          model: options.model,
          messages,
          temperature: 0,
          response_format: { type: "json_object" },
        }),
        signal,
      });
      const json = (await body(res)) as { choices?: { message?: { content?: unknown } }[] };
      const content = json.choices?.[0]?.message?.content;
      if (typeof content !== "string")
        throw new ChatCompletionsError("réponse sans message (choices[0].message)");
      return content;
    },
    /** The ids of the models the endpoint serves. */
    async models(signal: AbortSignal): Promise<string[]> {
      const res = await fetchFn(`${base}/models`, { headers: headers(false), signal });
      const json = (await body(res)) as { data?: { id?: unknown }[] };
      if (!Array.isArray(json.data)) throw new ChatCompletionsError("liste de modèles illisible (data)");
      return json.data.map((m) => m.id).filter((id): id is string => typeof id === "string");
    },
  };
}

export type ChatCompletions = ReturnType<typeof createChatCompletions>;
