/** auth.test and users.info: who the token is, and who a user is. */
import { ApiError, boolArg, type MethodHandler, stringArg } from "./api-args.ts";

/** `{ok, url, team, user, team_id, user_id, bot_id, is_enterprise_install}` for the bot token. */
export const authTest: MethodHandler = (ctx) => ({
  url: `https://${ctx.workspace.domain}.slack.com/`,
  team: ctx.workspace.teamName,
  user: ctx.workspace.botName,
  team_id: ctx.workspace.teamId,
  user_id: ctx.workspace.botUserId,
  bot_id: ctx.workspace.botId,
  is_enterprise_install: false,
});

/** A user object for any U…/W… id (or one given to addUser); `user_not_found` otherwise. */
export const usersInfo: MethodHandler = (ctx) => {
  const user = ctx.workspace.userObject(
    stringArg(ctx.args, "user") ?? "",
    boolArg(ctx.args, "include_locale"),
  );
  if (user === null) throw new ApiError("user_not_found");
  return { user };
};
