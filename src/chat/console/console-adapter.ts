import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { DispatchResult } from "../../core/dispatch.ts";
import { prefixOf, readMessage } from "../../core/inbound.ts";
import type { Incoming } from "../../core/incoming.ts";
import { type Reply, reply, text } from "../../core/reply.ts";
import { consoleWords } from "../../core/wording/chat.ts";
import type { Delivery } from "../../scheduler/delivery.ts";
import type { ChatAdapter } from "../chat-adapter.ts";
import { renderText } from "../render-text.ts";
import { consoleProgress } from "./console-progress.ts";

export const CONSOLE_PLATFORM = "console";
export const CONSOLE_PREFIX = prefixOf("console");

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** Interactive terminal: a prompt and a banner; otherwise each input line is one message. */
  interactive: boolean;
  channelId: string;
  userId: string;
  handle: (incoming: Incoming) => Promise<DispatchResult>;
  /** Whether a word names a command: « aide » alone is the command, as on the other platforms. */
  isCommandWord?: (word: string) => boolean;
  clock: () => Date;
  banner?: string;
  /** Where faults go for the operator (the user only reads the French message). */
  onInternalError?: (error: unknown) => void;
}

/** `/fichier <chemin> [message]` or `/fichier "chemin avec espaces" [message]`: post a file, as in a chat. */
const FILE_LINE = /^\/fichier\s+(?:"([^"]+)"|(\S+))\s*(.*)$/i;

export function parseFileLine(line: string): { file: string; message: string } | null {
  const m = line.trim().match(FILE_LINE);
  const file = m?.[1] ?? m?.[2];
  return file === undefined ? null : { file, message: (m?.[3] ?? "").trim() };
}

const QUIT = new Set(["quitter", "exit", "quit", "/quit", "/ctg quitter"]);

/** Reads a console line the way a chat adapter reads a message: a command, a numbered choice, or a question. */
export function lineToIncoming(
  line: string,
  lastChoices: string[],
  base: Omit<Incoming, "kind" | "text">,
  isCommandWord: (word: string) => boolean = () => false,
): Incoming | null {
  // The console is a direct chat with the bot; both platforms' prefixes are understood.
  const read = readMessage(line, {
    prefixes: [CONSOLE_PREFIX, prefixOf("matrix")],
    isCommandWord,
    choices: lastChoices,
    addressed: true,
  });
  return read === null ? null : { ...base, ...read };
}

export class ConsoleAdapter implements ChatAdapter {
  readonly platform = CONSOLE_PLATFORM;
  private readonly options: ConsoleAdapterOptions;
  private lastChoices: string[] = [];
  private rl: Interface | undefined;

  constructor(options: ConsoleAdapterOptions) {
    this.options = options;
  }

  private write(s: string): void {
    this.options.output.write(`${s}\n`);
  }

  async handleLine(line: string): Promise<void> {
    const o = this.options;
    const base = {
      platform: CONSOLE_PLATFORM,
      channelId: o.channelId,
      userId: o.userId,
      receivedAt: o.clock(),
    };
    const posted = parseFileLine(line);
    let incoming: Incoming | null;
    if (posted) {
      const info = await stat(posted.file).catch(() => null);
      if (info === null || !info.isFile()) {
        this.write(consoleWords.fileNotFound(posted.file));
        return;
      }
      incoming = {
        ...base,
        kind: "question",
        text: posted.message,
        progress: consoleProgress(o.output, o.interactive),
        files: [
          {
            name: path.basename(posted.file),
            size: info.size,
            mimeType: null,
            open: () => createReadStream(posted.file),
          },
        ],
      };
    } else {
      incoming = lineToIncoming(line, this.lastChoices, base, o.isCommandWord);
    }
    if (incoming === null) return;
    const result = await o.handle(incoming);
    let answer: Reply;
    if (result.status === "not-handled") {
      answer = reply(text(consoleWords.notUnderstood(CONSOLE_PREFIX)));
    } else {
      if (result.status === "internal-error") o.onInternalError?.(result.error);
      answer = result.reply;
    }
    const rendered = renderText(answer, CONSOLE_PREFIX);
    if (rendered.choices.length) this.lastChoices = rendered.choices;
    this.write(rendered.text);
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
  async deliver(delivery: Delivery): Promise<void> {
    await this.post(delivery.channelId, delivery.reply);
  }

  async post(_channelId: string, message: Reply): Promise<void> {
    const rendered = renderText(message, CONSOLE_PREFIX);
    if (rendered.choices.length) this.lastChoices = rendered.choices;
    // A message the bot starts (a reminder) begins on its own line, not after the prompt.
    if (this.options.interactive) this.options.output.write("\n");
    this.write(rendered.text);
    if (this.options.interactive) this.rl?.prompt(true);
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }
}
