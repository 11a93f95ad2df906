/**
 * An in-process fake Slack on node:http (127.0.0.1, port 0) for the real `@slack/web-api`
 * client (`new WebClient(token, { slackApiUrl: fake.apiUrl })`), following Slack's method
 * reference: form-urlencoded, JSON and multipart bodies; the token from `Authorization: Bearer`
 * or a `token` form field; auth.test, chat.postMessage / postEphemeral / update / delete /
 * getPermalink, conversations.history / replies / info / open, users.info and files.info with
 * Slack's answers and errors; Block Kit validation (`invalid_blocks` with `errors`); response
 * URLs (5 uses, 30 minutes); private file URLs behind the bot token; rate limits and other
 * injected faults; a record of every call, message, response and download.
 *
 * server.ts starts it and routes requests; web-api.ts answers a call (with chat-methods.ts,
 * conversation-methods.ts, identity-methods.ts, files.ts); block-kit.ts validates blocks (with
 * block-elements.ts and block-check.ts), message-content.ts reads a message's content, message-store.ts and message-render.ts keep and
 * show messages, response-urls.ts, faults.ts, workspace.ts and http.ts one concern each (waiting: ../waiters.ts).
 */

export { blockErrors } from "./block-kit.ts";
export type { Fault } from "./faults.ts";
export type { FakeHold } from "./holds.ts";
export { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_USES } from "./response-urls.ts";
export { startFakeSlack } from "./server.ts";
export type {
  FakeMessage,
  FakeResponse,
  FakeSlack,
  FakeSlackCall,
  FakeSlackOptions,
  ResponseUrlContext,
  SlackFile,
  UserProfile,
} from "./types.ts";
export {
  DEFAULT_APP_ID,
  DEFAULT_BOT_ID,
  DEFAULT_BOT_TOKEN,
  DEFAULT_BOT_USER_ID,
  DEFAULT_TEAM_ID,
} from "./workspace.ts";
