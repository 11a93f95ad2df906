/**
 * Filing: where documents go — the name-and-message fixture per field, then the sets of real files
 * (dev, held-out, sealed: right folder, asked, wrong without asking) and the replay of corrections;
 * the time and memory to read and place a 50-page PDF, a large spreadsheet, an archive; then a
 * large upload (default 1 GiB; UPLOAD_MB=100 for a quick run) to the fake Nextcloud and to Apache
 * mod_dav, against `curl -T` of the same file, with the bot's RSS growth.
 * `npm run bench:filing`; SKIP_UPLOAD=1 skips the upload.
 */
import { runAccuracyBench } from "./lib/filing-accuracy.ts";
import { runRealSetsBench } from "./lib/filing-real-sets.ts";
import { runSpeedBench } from "./lib/filing-speed.ts";
import { runUploadBench } from "./lib/filing-upload.ts";

const accuracy = await runAccuracyBench();
for (const line of accuracy.lines) console.log(line);
console.log("");
for (const line of (await runRealSetsBench()).lines) console.log(line);
console.log("");
for (const line of (await runSpeedBench()).lines) console.log(line);
if (process.env.SKIP_UPLOAD !== "1") {
  const megabytes = Number(process.env.UPLOAD_MB ?? 1024);
  console.log("");
  const upload = await runUploadBench({ sizeBytes: megabytes * 1024 * 1024 });
  for (const line of upload.lines) console.log(line);
}
