import { describe, expect, it } from "vitest";
import { fileContentSchema, mentionedUsers, relationOf } from "../../src/chat/matrix/matrix-content.ts";
import { parseSlackMessage } from "../../src/chat/slack/slack-payloads.ts";

/** What any client may send is parsed, not cast: a field of the wrong type is absent, not a crash. */
describe("platform payloads are parsed", () => {
  it("Matrix: a thread relation, a malformed one, mentions of the wrong type", () => {
    expect(relationOf({ "m.relates_to": { rel_type: "m.thread", event_id: "$root" } })).toMatchObject({
      rel_type: "m.thread",
      event_id: "$root",
    });
    expect(relationOf({ "m.relates_to": "m.thread" })).toBeUndefined();
    expect(relationOf({ "m.relates_to": { rel_type: 42 } })).toBeUndefined();
    expect(mentionedUsers({ "m.mentions": { user_ids: ["@ctg:fake.test"] } })).toEqual(["@ctg:fake.test"]);
    expect(mentionedUsers({ "m.mentions": { user_ids: "@ctg:fake.test" } })).toEqual([]);
  });

  it("Matrix: a file event with a size that is not a number is refused, a normal one read", () => {
    expect(
      fileContentSchema.safeParse({ msgtype: "m.file", body: "cr.pdf", url: "mxc://s/abc" }).success,
    ).toBe(true);
    expect(
      fileContentSchema.safeParse({ msgtype: "m.file", url: "mxc://s/abc", info: { size: "12" } }).success,
    ).toBe(false);
  });

  it("Slack: a message event, one without ts, files of the wrong shape", () => {
    expect(
      parseSlackMessage({ channel: "C1", ts: "1.2", text: "bonjour", files: [{ name: "cr.pdf" }] }),
    ).toMatchObject({
      channel: "C1",
      files: [{ name: "cr.pdf" }],
    });
    expect(parseSlackMessage({ channel: "C1", text: "sans ts" })).toBeNull();
    expect(parseSlackMessage({ channel: "C1", ts: "1.2", files: "cr.pdf" })).toBeNull();
    expect(parseSlackMessage(undefined)).toBeNull();
  });
});
