import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A chat-completions server that follows the OpenAI API reference (POST /v1/chat/completions,
 * GET /v1/models, bearer authentication, errors as {"error": {...}}), on loopback. What the
 * assistant says is up to the test: `answer` gets the request's messages.
 */
export interface FakeChatCompletions {
  url: string;
  requests: { model: string; messages: { role: string; content: string }[]; authorization?: string }[];
  /** The assistant's content, an HTTP status to fail with, or "hang" to never answer. */
  answer: (messages: { role: string; content: string }[]) => string | number | "hang";
  /** Called when a completion request has arrived (before it is answered). */
  onRequest: () => void;
  close(): Promise<void>;
}

export async function startFakeChatCompletions(options: { key?: string; models?: string[] } = {}) {
  const models = options.models ?? ["albert-small"];
  const hanging: ServerResponse[] = [];
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string, type: string) =>
    send(res, status, { error: { message, type, param: null, code: null } });
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => resolve(body));
    });

  const fake: FakeChatCompletions = {
    url: "",
    requests: [],
    answer: () => "{}",
    onRequest: () => {},
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req, res) => {
    const authorization = req.headers.authorization;
    if (options.key && authorization !== `Bearer ${options.key}`)
      return error(res, 401, "Incorrect API key provided.", "invalid_request_error");
    if (req.method === "GET" && req.url === "/v1/models")
      return send(res, 200, {
        object: "list",
        data: models.map((id) => ({ id, object: "model", created: 1_764_000_000, owned_by: "fake" })),
      });
    if (req.method !== "POST" || req.url !== "/v1/chat/completions")
      return error(res, 404, "Unknown request URL.", "invalid_request_error");
    let body: { model?: unknown; messages?: unknown };
    try {
      body = JSON.parse(await read(req));
    } catch {
      return error(res, 400, "We could not parse the JSON body of your request.", "invalid_request_error");
    }
    if (typeof body.model !== "string" || !Array.isArray(body.messages))
      return error(res, 400, "'model' and 'messages' are required properties.", "invalid_request_error");
    if (!models.includes(body.model))
      return error(res, 404, `The model '${body.model}' does not exist.`, "invalid_request_error");
    const messages = body.messages as { role: string; content: string }[];
    fake.requests.push({ model: body.model, messages, ...(authorization ? { authorization } : {}) });
    fake.onRequest();
    const answer = fake.answer(messages);
    if (answer === "hang") {
      hanging.push(res);
      return;
    }
    if (typeof answer === "number") return error(res, answer, "The server had an error.", "server_error");
    send(res, 200, {
      id: `chatcmpl-${fake.requests.length}`,
      object: "chat.completion",
      created: 1_764_000_000,
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
