import type { ChatUser } from "../domain/plan-repository.ts";
import type { Permission } from "./command.ts";

export const EVERYTHING: ReadonlySet<Permission> = new Set(["everyone", "referent", "coordinator"]);
export const EVERYONE: ReadonlySet<Permission> = new Set(["everyone"]);

/**
 * What a chat user may do in a channel of `territorySlug` (null: a channel bound to no territory):
 * everyone asks; the référents (technical or elected) and the pilots file and answer reminders;
 * the coordinators also configure. Roles count only in their own territory.
 */
export function permissionsOf(user: ChatUser | null, territorySlug: string | null): ReadonlySet<Permission> {
  if (user === null || (territorySlug !== null && user.territorySlug !== territorySlug)) return EVERYONE;
  const roles = new Set(user.person.roles.map((r) => r.role));
  if (roles.has("coordinateur")) return EVERYTHING;
  if (roles.has("referent_technique") || roles.has("referent_elu") || roles.has("pilote"))
    return new Set<Permission>(["everyone", "referent"]);
  return EVERYONE;
}
