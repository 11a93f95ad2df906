/**
 * Endpoints about the account rather than a room: /versions, whoami, filters, global account data,
 * profiles and the list of joined rooms.
 */
import { forbidden, notFound } from "./errors.ts";
import { type Route, route } from "./routes.ts";

const USER = "/_matrix/client/v3/user/([^/]+)";

/** The spec versions announced: up to v1.11 with authenticated media, v1.10 without. */
export function specVersions(authenticatedMedia: boolean): string[] {
  const versions = ["r0.6.1", ...Array.from({ length: 10 }, (_, i) => `v1.${i + 1}`)];
  return authenticatedMedia ? [...versions, "v1.11"] : versions;
}

export function accountRoutes(authenticatedMedia: boolean): Route[] {
  return [
    route("GET", /^\/_matrix\/client\/versions$/, (ctx) =>
      ctx.exchange.json(200, { versions: specVersions(authenticatedMedia), unstable_features: {} }),
    ),
    route("GET", /^\/_matrix\/client\/v3\/account\/whoami$/, (ctx) => {
      const { userId, deviceId } = ctx.caller();
      ctx.exchange.json(200, { user_id: userId, device_id: deviceId, is_guest: false });
    }),
    route("POST", new RegExp(`^${USER}/filter$`), (ctx, [userId = ""]) => {
      if (ctx.caller().userId !== userId) throw forbidden("Can only create filters for yourself");
      ctx.exchange.json(200, { filter_id: ctx.store.addFilter(userId, ctx.json()) });
    }),
    route("GET", new RegExp(`^${USER}/filter/([^/]+)$`), (ctx, [userId = "", filterId = ""]) => {
      if (ctx.caller().userId !== userId) throw forbidden("Cannot get filters for other users");
      const found = ctx.store.filter(filterId);
      if (found === undefined || found.userId !== userId) throw notFound("No such filter");
      ctx.exchange.json(200, found.filter);
    }),
    route("GET", new RegExp(`^${USER}/account_data/([^/]+)$`), (ctx, [userId = "", type = ""]) => {
      if (ctx.caller().userId !== userId) throw forbidden("Cannot get account data for other users.");
      const content = ctx.store.accountData(userId, type);
      if (content === undefined) throw notFound("Account data not found");
      ctx.exchange.json(200, content);
    }),
    route("PUT", new RegExp(`^${USER}/account_data/([^/]+)$`), (ctx, [userId = "", type = ""]) => {
      if (ctx.caller().userId !== userId) throw forbidden("Cannot add account data for other users.");
      ctx.store.setAccountData(userId, type, ctx.json());
      ctx.exchange.json(200, {});
    }),
    route("GET", /^\/_matrix\/client\/v3\/profile\/([^/]+)$/, (ctx, [userId = ""]) => {
      const displayName = ctx.store.users.displayName(userId);
      if (displayName === undefined) throw notFound("Profile was not found");
      ctx.exchange.json(200, { displayname: displayName });
    }),
    route("GET", /^\/_matrix\/client\/v3\/joined_rooms$/, (ctx) => {
      const { userId } = ctx.caller();
      const joined = [...ctx.store.rooms.values()].filter((room) => room.membership(userId) === "join");
      ctx.exchange.json(200, { joined_rooms: joined.map((room) => room.id) });
    }),
  ];
}
