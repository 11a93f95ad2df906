import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, renderEnvExample } from "../../src/config/config.ts";

describe("configuration", () => {
  it("runs on its embedded defaults with an empty environment", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe("./data");
    expect(config.DEFAULT_TIMEZONE).toBe("Europe/Paris");
    expect(config.SEED_DEMO).toBe(true);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", SLACK_BOT_TOKEN: " " }).DATABASE_URL).toBeUndefined();
  });

  it("names the variable of each problem", () => {
    const error = (() => {
      try {
        loadConfig({ DATABASE_URL: "mysql://x", DEFAULT_TIMEZONE: "Paris", SLACK_BOT_TOKEN: "xoxb-1" });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toContain(
      "DATABASE_URL : DATABASE_URL doit commencer par postgresql:// (ou rester vide pour la base embarquée)",
    );
    expect(problems).toContain("DEFAULT_TIMEZONE : fuseau horaire inconnu (exemple : Europe/Paris)");
    expect(problems).toContain(
      "SLACK_SIGNING_SECRET : SLACK_SIGNING_SECRET est requis quand SLACK_BOT_TOKEN est renseigné",
    );
  });

  it("accepts a PostgreSQL URL", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://root@127.0.0.1:5432/ctg" }).DATABASE_URL).toBe(
      "postgresql://root@127.0.0.1:5432/ctg",
    );
  });

  it(".env.example is the one generated from the schema (no drift)", async () => {
    const onDisk = await readFile(new URL("../../.env.example", import.meta.url), "utf8");
    expect(onDisk).toBe(renderEnvExample());
  });
});
