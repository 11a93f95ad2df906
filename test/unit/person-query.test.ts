import { describe, expect, it } from "vitest";
import { pseudonymFor } from "../../src/store/forget-person.ts";
import { parseChatId } from "../../src/store/personal-data.ts";

describe("naming a person in `ctg-bot personnes`", () => {
  it("reads a chat id with or without its platform, and nothing else as one", () => {
    expect(parseChatId("slack:U0123ABCD")).toEqual({ platform: "slack", externalId: "U0123ABCD" });
    expect(parseChatId("Slack:U0123ABCD")).toEqual({ platform: "slack", externalId: "U0123ABCD" });
    expect(parseChatId("@alice:example.org")).toEqual({
      platform: "matrix",
      externalId: "@alice:example.org",
    });
    expect(parseChatId("matrix:@alice:example.org")).toEqual({
      platform: "matrix",
      externalId: "@alice:example.org",
    });
    expect(parseChatId("alice.martin@caf.example.fr")).toBeNull();
    expect(parseChatId("Alice Martin")).toBeNull();
    expect(parseChatId("slack:")).toBeNull();
  });

  it("gives one pseudonym per request that a known id does not reveal", () => {
    const subject = { persons: [], accounts: [{ platform: "slack", externalId: "U0ALICE" }] };
    const salt = Buffer.from("0123456789abcdef");
    expect(pseudonymFor(subject, salt)).toMatch(/^oublié:[0-9a-f]{12}$/);
    expect(pseudonymFor(subject, salt)).toBe(pseudonymFor(subject, salt));
    expect(pseudonymFor(subject)).not.toBe(pseudonymFor(subject));
  });
});
