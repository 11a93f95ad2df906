#!/usr/bin/env node
// Entry point of the `ctg-bot` command. The sources are TypeScript run by Node 24's type stripping;
// `npm start`, `npm test` and `npx ctg-bot` use the Node 24 pinned in devDependencies.
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(
    `ctg-bot a besoin de Node 24 (ici ${process.versions.node}). Lancez-le par « npm start » ou « npx ctg-bot », qui utilisent le Node 24 installé par « npm ci ».\n`,
  );
  process.exit(1);
}
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
