import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLACK_PREFIX } from "../../../src/chat/slack/slack-adapter.ts";

/** deploy/slack/manifest.yaml declares everything the adapter relies on (checked statically). */
describe("Slack app manifest", () => {
  it("declares the command, the scopes, the events and interactivity the adapter uses, all on /slack/events", async () => {
    const manifest = parse(await readFile("deploy/slack/manifest.yaml", "utf8"));
    const commands = manifest.features.slash_commands as { command: string; url: string }[];
    expect(commands.map((c) => c.command)).toEqual([SLACK_PREFIX]);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        "commands", // /ctg
        "chat:write", // answers, reminders, chat.update of buttons and progress
        "app_mentions:read", // questions by mention
        "channels:history", // files posted in public channels, uncertain reminders looked up
        "groups:history", // the same in private channels
        "im:history", // direct messages
        "files:read", // url_private_download
        "reactions:read", // a choice answered with 2️⃣ (reaction_added)
        "reactions:write", // ⏳ on a message not read (rate limit)
      ]),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining([
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
        "reaction_added",
      ]),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = [
      ...commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
  });
});
