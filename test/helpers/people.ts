import type { App } from "../../src/app.ts";

/** A person of Agen's plan with one role and one chat account (what `identites` in a plan file gives). */
export async function addAgenPerson(
  app: App,
  person: { key: string; role: "coordinateur" | "referent_technique"; platform: string; externalId: string },
): Promise<void> {
  const territory = await app.db.prisma.territory.findUniqueOrThrow({ where: { slug: "agen" } });
  await app.db.prisma.person.create({
    data: {
      territoryId: territory.id,
      key: person.key,
      name: person.key,
      roles: { create: [{ role: person.role }] },
      identities: { create: [{ platform: person.platform, externalId: person.externalId }] },
    },
  });
}
