import type { App } from "../app.ts";
import type { Territory } from "../domain/model.ts";
import { CliFailure } from "./io.ts";

/** The territory named by `--territoire` (or an argument); a failure that says which ones exist. */
export async function territoryOption(app: App, slug: string): Promise<Territory> {
  const territory = await app.repo.getTerritory(slug);
  if (territory !== null) return territory;
  const known = (await app.repo.listTerritories()).map((t) => t.slug).join(", ");
  throw new CliFailure(
    "unknown-territory",
    `Territoire inconnu : « ${slug} ». Territoires : ${known || "aucun"}.`,
  );
}
