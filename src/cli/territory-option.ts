import type { App } from "../app.ts";
import type { Territory } from "../domain/model.ts";
import type { CliIo } from "./io.ts";

/** The territory named by `--territoire` (or an argument); null after telling which ones exist. */
export async function territoryOrExplain(app: App, slug: string, io: CliIo): Promise<Territory | null> {
  const territory = await app.repo.getTerritory(slug);
  if (territory !== null) return territory;
  const known = (await app.repo.listTerritories()).map((t) => t.slug).join(", ");
  io.err(`Territoire inconnu : « ${slug} ». Territoires : ${known || "aucun"}.`);
  return null;
}
