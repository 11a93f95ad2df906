import { describe, expect, it } from "vitest";
import { permissionsOf } from "../../../src/core/permissions.ts";
import type { RoleName } from "../../../src/domain/knowledge.ts";

const user = (territorySlug: string, ...roles: RoleName[]) => ({
  territorySlug,
  person: {
    key: "p",
    name: "P",
    organisation: null,
    title: null,
    email: null,
    roles: roles.map((role) => ({ role, commune: null, action: null, detail: null })),
  },
});

describe("permissions of a chat user", () => {
  it("gives each role its rights in its own territory only", () => {
    expect([...permissionsOf(user("agen", "coordinateur"), "agen")].sort()).toEqual([
      "coordinator",
      "everyone",
      "referent",
    ]);
    expect([...permissionsOf(user("agen", "pilote"), "agen")].sort()).toEqual(["everyone", "referent"]);
    expect([...permissionsOf(user("agen", "referent_elu"), null)].sort()).toEqual(["everyone", "referent"]);
    expect([...permissionsOf(user("agen", "partenaire"), "agen")]).toEqual(["everyone"]);
    expect([...permissionsOf(user("agen", "coordinateur"), "mellois-en-poitou")]).toEqual(["everyone"]);
    expect([...permissionsOf(null, "agen")]).toEqual(["everyone"]);
  });
});
