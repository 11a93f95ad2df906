import type { Writable } from "node:stream";
import type { ProgressReporter } from "../../core/command.ts";

/** Below this size an upload is over before progress would help. */
const MIN_BYTES = 5 * 1024 * 1024;

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} Mo`;

/**
 * Progress in the console: an interactive terminal rewrites one line ("… 42 % (430 Mo sur 1 024 Mo)");
 * otherwise one line per quarter. Small files show nothing.
 */
export function consoleProgress(output: Writable, interactive: boolean): ProgressReporter {
  return (label) => {
    let shownStep = -1;
    let written = false;
    return {
      update(done, total) {
        if (total < MIN_BYTES || total <= 0) return;
        const percent = Math.floor((done / total) * 100);
        const step = interactive ? percent : Math.floor(percent / 25) * 25;
        if (step === shownStep) return;
        shownStep = step;
        const line = `${label} : ${step} % (${mb(done)} sur ${mb(total)})`;
        output.write(interactive ? `\r${line}` : `${line}\n`);
        written = true;
      },
      done() {
        if (written && interactive) output.write("\n");
      },
    };
  };
}
