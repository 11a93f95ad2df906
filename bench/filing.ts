/**
 * Filing: classification accuracy on test/fixtures/filing.yaml (per field, destination, how often
 * the bot asks), then a large upload (default 1 GiB; UPLOAD_MB=100 for a quick run) to the fake
 * Nextcloud and to Apache mod_dav, against `curl -T` of the same file, with the bot's RSS growth.
 * `npm run bench:filing`; SKIP_UPLOAD=1 prints the accuracy only.
 */
import { runAccuracyBench } from "./lib/filing-accuracy.ts";
import { runUploadBench } from "./lib/filing-upload.ts";

const accuracy = await runAccuracyBench();
for (const line of accuracy.lines) console.log(line);
if (process.env.SKIP_UPLOAD !== "1") {
  const megabytes = Number(process.env.UPLOAD_MB ?? 1024);
  console.log("");
  const upload = await runUploadBench({ sizeBytes: megabytes * 1024 * 1024 });
  for (const line of upload.lines) console.log(line);
}
