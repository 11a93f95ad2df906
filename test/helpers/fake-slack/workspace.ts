/**
 * Who is who in the fake workspace: the team, the bot (user, bot and app ids, token), the
 * conversations that exist and the users Slack would describe.
 */
import type { FakeSlackOptions, UserProfile } from "./types.ts";

export const DEFAULT_BOT_TOKEN = "xoxb-fake-bot-token";
export const DEFAULT_TEAM_ID = "T0FAKETEAM";
export const DEFAULT_BOT_USER_ID = "U0FAKEBOT";
export const DEFAULT_BOT_ID = "B0FAKEBOT";
export const DEFAULT_APP_ID = "A0FAKEAPP";

interface Channel {
  id: string;
  name: string;
  isIm: boolean;
  /** The other member of a DM. */
  userId: string | null;
}

export class Workspace {
  readonly botToken: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly domain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly botName = "ctg-bot";
  readonly #strict: boolean;
  readonly #channels = new Map<string, Channel>();
  readonly #users = new Map<string, UserProfile>();

  constructor(options: FakeSlackOptions) {
    this.botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
    this.teamId = options.teamId ?? DEFAULT_TEAM_ID;
    this.teamName = options.teamName ?? "Équipe CTG (fake)";
    this.domain = "ctg-fake";
    this.botUserId = options.botUserId ?? DEFAULT_BOT_USER_ID;
    this.botId = options.botId ?? DEFAULT_BOT_ID;
    this.appId = options.appId ?? DEFAULT_APP_ID;
    this.#strict = options.strictChannels ?? false;
    this.#users.set(this.botUserId, { name: this.botName, realName: "CTG Bot", isBot: true });
  }

  addChannel(id: string, opts: { name?: string; isIm?: boolean; userId?: string } = {}): void {
    const isIm = opts.isIm ?? id.startsWith("D");
    this.#channels.set(id, {
      id,
      name: opts.name ?? defaultChannelName(id),
      isIm,
      userId: opts.userId ?? null,
    });
  }

  addUser(id: string, profile: UserProfile = {}): void {
    this.#users.set(id, profile);
  }

  /**
   * A conversation id from what a method got: an id, a `#name` or `name` of an added channel,
   * or a user id (the bot's DM with that user, as chat.postMessage allows). Null if unknown.
   */
  resolveChannel(value: string): string | null {
    if (value === "") return null;
    if (this.#channels.has(value)) return value;
    const name = value.replace(/^#/, "");
    for (const channel of this.#channels.values()) if (channel.name === name) return channel.id;
    if (/^[UW][A-Z0-9]+$/.test(value)) return this.imWith(value);
    if (!this.#strict && /^[CGD][A-Z0-9]+$/.test(value)) return value;
    return null;
  }

  /** The DM channel between the bot and a user (created on first use). */
  imWith(userId: string): string {
    for (const channel of this.#channels.values())
      if (channel.isIm && channel.userId === userId) return channel.id;
    const id = `D${userId.slice(1)}`;
    this.addChannel(id, { isIm: true, userId, name: userId });
    return id;
  }

  /** A conversation object like conversations.info answers. */
  channelObject(id: string, created: number): Record<string, unknown> {
    const known = this.#channels.get(id);
    const isIm = known?.isIm ?? id.startsWith("D");
    if (isIm) {
      return {
        id,
        created,
        is_im: true,
        is_org_shared: false,
        user: known?.userId ?? null,
        is_user_deleted: false,
      };
    }
    return {
      id,
      name: known?.name ?? defaultChannelName(id),
      is_channel: id.startsWith("C"),
      is_group: id.startsWith("G"),
      is_im: false,
      is_mpim: false,
      is_private: id.startsWith("G"),
      created,
      is_archived: false,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: true,
      name_normalized: known?.name ?? defaultChannelName(id),
      context_team_id: this.teamId,
    };
  }

  /** users.info's user object: the added profile, else a default one for any U…/W… id; null otherwise. */
  userObject(id: string, includeLocale: boolean): Record<string, unknown> | null {
    const profile = this.#users.get(id) ?? (/^[UW][A-Z0-9]+$/.test(id) ? {} : null);
    if (profile === null) return null;
    const name = profile.name ?? `user.${id.toLowerCase()}`;
    const realName = profile.realName ?? `Utilisateur ${id}`;
    const isBot = profile.isBot ?? false;
    return {
      id,
      team_id: this.teamId,
      name,
      deleted: profile.deleted ?? false,
      color: "9f69e7",
      real_name: realName,
      tz: profile.tz ?? "Europe/Paris",
      tz_label: "Central European Time",
      tz_offset: 3600,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        ...(isBot
          ? { bot_id: this.botId, api_app_id: this.appId }
          : { email: profile.email ?? `${name}@example.org` }),
        team: this.teamId,
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: isBot,
      is_app_user: false,
      updated: 1_700_000_000,
      ...(includeLocale ? { locale: "fr-FR" } : {}),
    };
  }
}

function defaultChannelName(id: string): string {
  return `canal-${id.toLowerCase()}`;
}
