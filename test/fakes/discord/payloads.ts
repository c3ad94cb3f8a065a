/**
 * Builders for the Discord API objects the fake hands out (users, guilds, channels, messages, interactions).
 * Shapes follow discord-api-types v10 closely enough for discord.js 14 to construct its structures from them.
 */

const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;

/** A fresh snowflake: real timestamp bits so discord.js's createdAt getters stay sane. */
export function snowflake(): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | counter).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text (default), 11 public thread, 15 forum. */
  type?: number;
  /** A thread's parent channel. */
  parentId?: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  channels: FakeChannel[];
  /** Role id → name; the @everyone role (id = guild id) is added by the builder. */
  roles: { id: string; name: string; permissions: string }[];
}

export function userObject(id: string, username: string, bot = false): FakeUser {
  return { id, username, global_name: username, discriminator: '0', avatar: null, ...(bot ? { bot: true } : {}) };
}

export function channelObject(guildId: string, c: FakeChannel, position = 0): Record<string, unknown> {
  return {
    id: c.id,
    type: c.type ?? 0, // GUILD_TEXT unless given (15: GUILD_FORUM)
    guild_id: guildId,
    name: c.name,
    position,
    permission_overwrites: [],
    parent_id: c.parentId ?? null,
    ...(c.type === 11 ? { thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date(0).toISOString(), locked: false } } : {}),
    topic: null,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
}

function roleObject(id: string, name: string, permissions: string, position: number): Record<string, unknown> {
  return {
    id, name, permissions, position, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null,
  };
}

/** GUILD_CREATE payload for a guild the bot is in. */
export function guildCreateObject(g: FakeGuild, bot: FakeUser): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: g.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    roles: [roleObject(g.id, '@everyone', '1024', 0), ...g.roles.map((r, i) => roleObject(r.id, r.name, r.permissions, i + 1))],
    emojis: [],
    stickers: [],
    joined_at: now,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [{ user: bot, roles: [], joined_at: now, deaf: false, mute: false, flags: 0, nick: null, avatar: null }],
    channels: g.channels.map((c, i) => channelObject(g.id, c, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface InteractionOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: InteractionOption[];
}

export interface InteractionSpec {
  applicationId: string;
  guildId: string;
  channel: FakeChannel;
  user: FakeUser;
  /** Member permissions as Discord sends them: a decimal string bitfield. */
  permissions: string;
  commandName: string;
  commandId?: string;
  options?: InteractionOption[];
}

/** An INTERACTION_CREATE body for a chat-input application command (type 2), as gateway and HTTP deliver it. */
export function commandInteraction(spec: InteractionSpec): Record<string, unknown> & { id: string; token: string } {
  const id = snowflake();
  return {
    id,
    application_id: spec.applicationId,
    type: 2,
    token: `itok-${id}-${Math.random().toString(36).slice(2, 10)}`,
    version: 1,
    data: {
      id: spec.commandId ?? '1000000000000000001',
      name: spec.commandName,
      type: 1,
      ...(spec.options?.length ? { options: spec.options } : {}),
    },
    guild_id: spec.guildId,
    channel_id: spec.channel.id,
    channel: channelObject(spec.guildId, spec.channel),
    member: {
      user: spec.user,
      roles: [],
      permissions: spec.permissions,
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
    },
    app_permissions: '2147483647',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': spec.guildId },
    context: 0,
    attachment_size_limit: 8388608,
  };
}

/** The message object Discord returns from POST /channels/{id}/messages. */
export function messageObject(
  id: string,
  channelId: string,
  author: FakeUser,
  body: Record<string, unknown>,
): Record<string, unknown> {
  return {
    id,
    type: 0,
    channel_id: channelId,
    author,
    content: typeof body.content === 'string' ? body.content : '',
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    components: [],
    ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
  };
}
