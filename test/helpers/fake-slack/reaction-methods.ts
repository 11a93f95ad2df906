/**
 * reactions.add, as Slack's method reference describes it (docs.slack.dev/reference/methods/
 * reactions.add): `channel`, `timestamp` and `name` (an emoji name without colons); errors
 * `no_item_specified`, `invalid_name`, `message_not_found`, `already_reacted`.
 */
import { ApiError, channelArg, type MethodHandler, stringArg } from "./api-args.ts";

/** The emoji names the fake knows (Slack refuses names it has no emoji for). */
const KNOWN = new Set([
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "keycap_ten",
  "hourglass_flowing_sand",
  "white_check_mark",
  "eyes",
]);

export const reactionsAdd: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const timestamp = stringArg(ctx.args, "timestamp");
  const name = stringArg(ctx.args, "name");
  if (timestamp === undefined || timestamp === "") throw new ApiError("no_item_specified");
  if (name === undefined || !KNOWN.has(name.replace(/^:|:$/g, ""))) throw new ApiError("invalid_name");
  const message = ctx.store.find(channel, timestamp);
  if (message === undefined || message.deleted || message.ephemeralFor !== null) {
    throw new ApiError("message_not_found");
  }
  const emoji = name.replace(/^:|:$/g, "");
  const user = ctx.workspace.botUserId;
  const entry = message.reactions.find((r) => r.name === emoji);
  if (entry?.users.includes(user)) throw new ApiError("already_reacted");
  if (entry === undefined) message.reactions.push({ name: emoji, users: [user] });
  else entry.users.push(user);
  return {};
};
