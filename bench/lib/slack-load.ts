/**
 * The load generator of bench/slack.ts, in its own process so that its work does not delay the
 * bot's, and long-lived so that it is warm: each line on stdin is a job `{ url, secret, bodies }`;
 * every body is sent at once as a signed Slack slash-command request (node:http, one connection
 * each); each job is answered with a line `{ ms: number[], statuses: number[], errors: string[] }`.
 */
import { request } from "node:http";
import { createInterface } from "node:readline";
import { slackSignature } from "../../test/helpers/slack-requests.ts";

function send(url: string, secret: string, body: string): Promise<{ status: number; ms: number }> {
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(Buffer.byteLength(body)),
    ...slackSignature(body, secret, Math.floor(Date.now() / 1000)),
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

for await (const line of createInterface({ input: process.stdin })) {
  const { url, secret, bodies } = JSON.parse(line) as { url: string; secret: string; bodies: string[] };
  const results = await Promise.allSettled(bodies.map((body) => send(url, secret, body)));
  const out = { ms: [] as number[], statuses: [] as number[], errors: [] as string[] };
  for (const result of results) {
    if (result.status === "fulfilled") {
      out.ms.push(result.value.ms);
      out.statuses.push(result.value.status);
    } else {
      out.errors.push(String(result.reason));
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
