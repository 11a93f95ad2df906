import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Delivery } from "../../core/delivery.ts";
import { type ChatAdapter, replyInPlace } from "../../core/inbound/chat-port.ts";
import type { Inbound, InboundPipeline } from "../../core/inbound/pipeline.ts";
import { prefixOf } from "../../core/inbound/read-message.ts";
import type { Reply } from "../../core/reply.ts";
import { consoleWords } from "../../core/wording/chat.ts";
import { renderText } from "../render-text.ts";

export const CONSOLE_PLATFORM = "console";
export const CONSOLE_PREFIX = prefixOf("console");

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** Interactive terminal: a prompt and a banner; otherwise each input line is one message. */
  interactive: boolean;
  channelId: string;
  userId: string;
  pipeline: InboundPipeline;
  clock: () => Date;
  banner?: string;
}

/** `/fichier <chemin> [message]` or `/fichier "chemin avec espaces" [message]`: post a file, as in a chat. */
const FILE_LINE = /^\/fichier\s+(?:"([^"]+)"|(\S+))\s*(.*)$/i;

export function parseFileLine(line: string): { file: string; message: string } | null {
  const m = line.trim().match(FILE_LINE);
  const file = m?.[1] ?? m?.[2];
  return file === undefined ? null : { file, message: (m?.[3] ?? "").trim() };
}

/** `/reagir 2️⃣` (or `/reagir 2`): a reaction to the bot's last message, as in a chat. */
const REACTION_LINE = /^\/r[ée]agir\s+(\S+)\s*$/iu;

const QUIT = new Set(["quitter", "exit", "quit", "/quit", "/ctg quitter"]);

/**
 * The console as a chat: a direct conversation between the operator and the bot. Each line is a
 * message (`/fichier chemin` posts a file, `/reagir 2` reacts to the bot's last message); answers are printed as text, an upload's progress as
 * one line rewritten in a terminal (one line per change otherwise).
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = CONSOLE_PLATFORM;
  private readonly options: ConsoleAdapterOptions;
  private rl: Interface | undefined;
  private posted = 0;
  /** The ref of the bot's last message (a reaction goes to it). */
  private lastRef: string | null = null;
  /** Whether the last thing written is a progress line still open (a terminal rewrites it). */
  private openLine = false;

  constructor(options: ConsoleAdapterOptions) {
    this.options = options;
  }

  private write(s: string): void {
    if (this.openLine) this.options.output.write("\n");
    this.openLine = false;
    this.options.output.write(`${s}\n`);
  }

  /** One input line, as a chat message; resolves once it is answered. */
  async handleLine(line: string): Promise<void> {
    const o = this.options;
    const posted = parseFileLine(line);
    const base = {
      platform: CONSOLE_PLATFORM,
      channelId: o.channelId,
      userId: o.userId,
      messageId: `console-in-${++this.posted}`,
      receivedAt: o.clock(),
      eventKey: null,
    };
    let inbound: Inbound;
    if (posted) {
      const info = await stat(posted.file).catch(() => null);
      if (info === null || !info.isFile()) {
        this.write(consoleWords.fileNotFound(posted.file));
        return;
      }
      const file = {
        name: path.basename(posted.file),
        size: info.size,
        mimeType: null,
        open: () => createReadStream(posted.file),
      };
      inbound = {
        ...base,
        event: {
          type: "message",
          text: posted.message,
          mentioned: false,
          direct: async () => true,
          files: [file],
        },
      };
    } else if (REACTION_LINE.test(line.trim())) {
      const key = REACTION_LINE.exec(line.trim())?.[1] ?? "";
      inbound = { ...base, event: { type: "reaction", key, on: this.lastRef ?? "" } };
    } else {
      if (line.trim() === "") return;
      inbound = {
        ...base,
        event: { type: "message", text: line, mentioned: false, direct: async () => true },
      };
    }
    let answered = false;
    const responder = replyInPlace(this, inbound);
    await o.pipeline.handle(inbound, {
      ...responder,
      send: async (answer, how) => {
        answered = true;
        return responder.send(answer, how);
      },
    });
    // The console always answers: a line the bot did not take gets the way to ask.
    if (!answered) this.write(consoleWords.notUnderstood(CONSOLE_PREFIX));
    if (o.interactive) this.write("");
  }

  async run(): Promise<void> {
    const o = this.options;
    if (o.banner && o.interactive) this.write(o.banner);
    const rl = createInterface({
      input: o.input,
      output: o.interactive ? o.output : undefined,
      terminal: o.interactive,
    });
    this.rl = rl;
    if (o.interactive) {
      rl.setPrompt("ctg> ");
      rl.prompt();
    }
    for await (const line of rl) {
      if (QUIT.has(line.trim().toLowerCase())) break;
      await this.handleLine(line);
      if (o.interactive) rl.prompt();
    }
    rl.close();
  }

  /** Nothing to connect: the console reads its input when `run` is called. */
  async start(): Promise<{ port: number | null }> {
    return { port: null };
  }

  async ready(): Promise<void> {}

  /** A reminder appears like any message the bot starts. */
  async deliver(delivery: Delivery): Promise<string | null> {
    // A message the bot starts begins on its own line, not after the prompt.
    if (this.options.interactive) this.options.output.write("\n");
    const ref = await this.post(delivery.channelId, delivery.reply);
    if (this.options.interactive) this.rl?.prompt(true);
    return ref;
  }

  async post(_channelId: string, message: Reply): Promise<string | null> {
    this.write(renderText(message, CONSOLE_PREFIX).text);
    this.posted += 1;
    this.lastRef = `console-${this.posted}`;
    return this.lastRef;
  }

  /** A terminal rewrites the line in place; a pipe gets the new line under the old. */
  async edit(_channelId: string, _ref: string, message: Reply): Promise<void> {
    const line = renderText(message, CONSOLE_PREFIX).text;
    if (this.options.interactive) {
      this.options.output.write(`\r\x1b[2K${line}`);
      this.openLine = true;
    } else {
      this.write(line);
    }
  }

  async react(_channelId: string, _ref: string, key: string): Promise<void> {
    this.write(key);
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }
}
