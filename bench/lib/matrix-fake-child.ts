/**
 * The fake homeserver in its own process for bench:matrix, so that its work does not count in the
 * bot's (as bench:slack does with the fake Slack). One JSON command per stdin line, one JSON answer
 * per stdout line with the same `id`: `rooms` creates rooms with the asker and the bot; `ask`
 * sends a question and answers once the bot's reply is there, with both `origin_server_ts`;
 * `heldSync` waits for the bot's /sync to be held; `cpu`: the milliseconds of CPU it used so far.
 */
import { createInterface } from "node:readline";
import { startFakeHomeserver } from "../../test/helpers/fake-matrix/index.ts";

const hs = await startFakeHomeserver();
process.stdout.write(`${JSON.stringify({ url: hs.url, botToken: hs.botToken, botUserId: hs.botUserId })}\n`);
const reply = (id: number, value: unknown) => process.stdout.write(`${JSON.stringify({ id, value })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { id: number; op: string; args: Record<string, unknown> };
  const { id, op, args } = command;
  if (op === "rooms") {
    const count = Number(args.count);
    const asker = String(args.asker);
    reply(
      id,
      Array.from({ length: count }, (_, i) =>
        hs.createRoom({ creator: asker, name: `Salon ${i}`, members: [asker, hs.botUserId] }),
      ),
    );
  } else if (op === "cpu") {
    const used = process.cpuUsage();
    reply(id, (used.user + used.system) / 1000);
  } else if (op === "heldSync") {
    void hs.heldSync().then(() => reply(id, true));
  } else if (op === "ask") {
    const room = String(args.room);
    const answered = hs.nextSent({ by: hs.botUserId, roomId: room, timeoutMs: 60_000 });
    const question = hs.sendAs(String(args.asker), room, { msgtype: "m.text", body: String(args.body) });
    void answered.then(
      (answer) => reply(id, { question: question.origin_server_ts, answer: answer.origin_server_ts }),
      () => reply(id, null),
    );
  }
}
await hs.close();
