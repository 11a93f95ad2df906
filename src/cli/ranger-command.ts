import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../app.ts";
import { renderText } from "../chat/render-text.ts";
import { loadConfig } from "../config/config.ts";
import { checkFileName } from "../domain/filing/index.ts";
import { isCalendarDate, localToInstant } from "../domain/time/zoned.ts";
import { outcomeReply } from "../filing/filing-replies.ts";
import { EXTRACT_MAX_BYTES } from "../filing/filing-service.ts";
import { CliFailure, type CliIo } from "./io.ts";
import { territoryOption } from "./territory-option.ts";

/** One line of `ranger --dry-run --json` (a fixed contract: other tools read it). */
export interface FilingPreviewJson {
  type: string;
  instance: string | null;
  action: string | null;
  commune: string | null;
  date: string | null;
  destination: string;
  confidence: number;
  ask: boolean;
  reasons: string[];
}

/**
 * `ctg-bot ranger FICHIER --territoire SLUG [--message "TEXTE"] [--now AAAA-MM-JJ] [--dry-run] [--json]`:
 * where the bot would file a document (dry run), or files it into the configured workspace.
 */
export async function rangerCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      territoire: { type: "string" },
      message: { type: "string", default: "" },
      now: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const [file] = positionals;
  if (file === undefined || values.territoire === undefined) {
    throw new CliFailure(
      "usage",
      'Usage : ctg-bot ranger FICHIER --territoire SLUG [--message "TEXTE"] [--now AAAA-MM-JJ] [--dry-run] [--json]',
    );
  }
  if (values.now !== undefined && !isCalendarDate(values.now)) {
    throw new CliFailure(
      "invalid-date",
      `Date invalide : « ${values.now} ». Indiquez une date qui existe, au format AAAA-MM-JJ.`,
    );
  }
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) {
    throw new CliFailure("file-not-found", `Fichier introuvable : « ${file} ».`);
  }
  const name = checkFileName(path.basename(file));
  if (!name.ok) {
    throw new CliFailure("invalid-file-name", name.reason);
  }
  const config = loadConfig(process.env);
  const postedAt = values.now ? localToInstant(`${values.now}T12:00`, config.DEFAULT_TIMEZONE) : new Date();
  const app = await createApp(config, { clock: () => postedAt });
  try {
    const territory = await territoryOption(app, values.territoire);
    if (values["dry-run"]) {
      const { classification: c, destination: d } = await app.filing.preview({
        territory,
        fileName: name.name,
        bytes: info.size <= EXTRACT_MAX_BYTES ? new Uint8Array(await readFile(file)) : null,
        message: values.message,
        postedAt,
      });
      const preview: FilingPreviewJson = {
        type: c.type?.value ?? "autre",
        instance: c.instance?.value.label ?? null,
        action: c.action?.value ?? null,
        commune: c.commune?.value ?? null,
        date: c.date?.value ?? null,
        destination: d.path,
        confidence: d.confidence,
        ask: d.ask,
        reasons: d.reasons,
      };
      if (values.json) io.out(JSON.stringify(preview));
      else
        io.out(
          `${d.ask ? "J'hésiterais ; je proposerais d'abord" : "Je rangerais ce fichier dans"} : ${d.path}\n${d.reasons.map((r) => `- ${r}`).join("\n")}`,
        );
      return 0;
    }
    const outcome = await app.filing.file({
      territory,
      file: { name: name.name, size: info.size, mimeType: null, open: () => createReadStream(file) },
      message: values.message,
      postedBy: "cli",
      platform: "cli",
      channelId: "cli",
      messageId: null,
    });
    if (values.json) {
      const doc = "doc" in outcome ? outcome.doc : null;
      io.out(JSON.stringify({ status: outcome.status, path: doc?.path ?? null, url: doc?.url ?? null }));
    } else io.out(renderText(outcomeReply(outcome, "/ctg"), "/ctg").text);
    return outcome.status === "refused" ? 2 : 0;
  } finally {
    await app.close();
  }
}
