import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { errorFields } from "../../src/core/log.ts";
import { createLogger, secretsOf } from "../../src/ops/logger.ts";

describe("the JSON logger", () => {
  const config = loadConfig({
    DATABASE_URL: "postgresql://ctg:mot%2Fde-passe-base@db.example.fr:5432/ctg",
    NEXTCLOUD_URL: "https://cloud.example.fr",
    NEXTCLOUD_USER: "ctg-bot",
    NEXTCLOUD_APP_PASSWORD: "Abcde-Fghij-Klmno-Pqrst-Uvwxy",
    MATRIX_HOMESERVER_URL: "https://matrix.example.fr",
    MATRIX_ACCESS_TOKEN: "syt_Y3RnLWJvdA_abcdefghijklmnop",
  });

  const capture = () => {
    const lines: string[] = [];
    const log = createLogger({
      level: "info",
      destination: { write: (line) => void lines.push(line) },
      secrets: secretsOf(config),
    });
    return { log, lines };
  };

  it("knows the configured secrets, the database password included", () => {
    expect(secretsOf(config)).toEqual(
      expect.arrayContaining([
        "Abcde-Fghij-Klmno-Pqrst-Uvwxy",
        "syt_Y3RnLWJvdA_abcdefghijklmnop",
        "mot/de-passe-base",
        "mot%2Fde-passe-base",
      ]),
    );
  });

  it("blanks a secret quoted in an error message and secret-named fields", () => {
    const { log, lines } = capture();
    log.error(
      {
        ...errorFields(
          new Error("GET https://matrix.example.fr/sync?access_token=syt_Y3RnLWJvdA_abcdefghijklmnop failed"),
        ),
        request: { headers: { authorization: "Basic Y3RnLWJvdDpzZWNyZXQ=" } },
        token: "xoxb-quelconque",
        url: "postgresql://ctg:mot%2Fde-passe-base@db.example.fr:5432/ctg",
      },
      "sync failed",
    );
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).not.toContain("syt_Y3RnLWJvdA");
    expect(line).not.toContain("Y3RnLWJvdDpzZWNyZXQ=");
    expect(line).not.toContain("xoxb-quelconque");
    expect(line).not.toContain("mot%2Fde-passe-base");
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({
      level: "error",
      msg: "sync failed",
      service: "ctg-bot",
      token: "[secret]",
    });
    expect(parsed.err.message).toBe("GET https://matrix.example.fr/sync?access_token=[secret] failed");
    expect(parsed.request.headers.authorization).toBe("[secret]");
  });

  it("writes nothing below its level, and child loggers carry their bindings", () => {
    const { log, lines } = capture();
    log.debug({ event: "noise" }, "not written at info");
    log.child({ cid: "0123456789ab" }).info({ event: "command" }, "command handled");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      cid: "0123456789ab",
      event: "command",
      level: "info",
    });
  });
});
