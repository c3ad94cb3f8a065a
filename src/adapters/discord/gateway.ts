/**
 * Gateway mode: a discord.js Client (Guilds intent only; no message content) that answers slash commands.
 * Inbound only: alerts go out through the REST adapter, so `poll --once` never needs this.
 */
import { ChannelType, Client, Events, GatewayIntentBits, MessageFlags, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { CommandDeps } from '../../core/commands/types.js';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { imageFile, withImage, type ReplyMessage } from './format.js';
import { GatewayError, probeGateway, TOKEN_FIX, GATEWAY_FIX_HTTP } from './gateway-probe.js';
import { answerCommand, type CommandAnswer } from './respond.js';

export interface DiscordGatewayOptions {
  token: string;
  /** DISCORD_API_URL: the REST base; the gateway URL is then whatever that API's /gateway/bot returns. */
  apiUrl?: string | undefined;
  commandDeps: CommandDeps;
  logger: Logger;
  /**
   * Discord drops an interaction not answered within 3 s. A command still running after this long is deferred
   * (ephemeral "thinking…") and its reply sent as an edit. Default 2,000 ms.
   */
  deferAfterMs?: number;
  /** How long to wait for READY before giving up. Default 20 s (with the probe's 2 × 10 s, a verdict within 60 s). */
  readyTimeoutMs?: number;
  /** Called when the connection changes after READY (dropped, reconnecting, resumed, closed for good). */
  onState?: (state: GatewayState) => void;
}

/** ready; reconnecting (discord.js is retrying); closed (a close code after which it will not retry, e.g. 4004). */
export interface GatewayState {
  status: 'ready' | 'reconnecting' | 'closed';
  /** When this status began (ms since epoch). */
  since: number;
  reason?: string | undefined;
}

export interface DiscordGateway {
  client: Client;
  /** The gateway URL connected to. */
  url: string;
  state(): GatewayState;
  stop(): Promise<void>;
}

/** Close codes after which discord.js stops, and what they mean for the operator. */
const FATAL_CLOSE: Record<number, string> = {
  4004: 'closed 4004 Authentication failed: Discord no longer accepts DISCORD_TOKEN',
  4010: 'closed 4010 Invalid shard',
  4011: 'closed 4011 Sharding required',
  4012: 'closed 4012 Invalid API version',
  4013: 'closed 4013 Invalid intents',
  4014: 'closed 4014 Disallowed intents',
};

function received(i: ChatInputCommandInteraction) {
  return {
    commandName: i.commandName,
    options: i.options.data,
    channelId: i.channelId,
    guildId: i.guildId,
    user: { id: i.user.id, name: i.user.username },
    permissions: i.memberPermissions?.bitfield ?? null,
  };
}

/**
 * Sends the answer with its image attached; if Discord refuses the upload, the same answer again without it (the
 * reply reads complete without the chart: its text trend stays).
 */
async function sendWithImage(
  answer: CommandAnswer,
  send: (options: ReturnType<typeof replyOptions>) => Promise<unknown>,
  logger: Logger,
  command: string,
): Promise<void> {
  const { message, image } = answer;
  if (!image) {
    await send(replyOptions(message));
    return;
  }
  try {
    await send({ ...replyOptions(withImage(message, image)), files: [imageFile(image)] });
  } catch (e) {
    logger.warn('discord: chart upload failed, answering with text alone', { command, error: describeError(e) });
    await send(replyOptions(message));
  }
}

/**
 * The forum a command was run in, when it was run in one of its posts. The cache knows active posts (GUILD_CREATE,
 * THREAD_CREATE); a post it does not know (archived before a restart) is fetched once. No answer: not a forum.
 */
async function forumOf(i: ChatInputCommandInteraction): Promise<string | undefined> {
  const c = i.channel ?? (i.channelId ? await i.client.channels.fetch(i.channelId).catch(() => null) : null);
  return c?.isThread() && c.parent?.type === ChannelType.GuildForum ? (c.parentId ?? undefined) : undefined;
}

/** Answers one command: reply in time, or defer and edit when the core is slow. Never throws. */
export async function answerInteraction(
  i: ChatInputCommandInteraction,
  deps: CommandDeps,
  logger: Logger,
  deferAfterMs = 2_000,
): Promise<void> {
  const work = forumOf(i).catch(() => undefined).then((forumId) => answerCommand({ ...received(i), forumId }, deps));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deferAfterMs);
  });
  try {
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') {
      await sendWithImage(first, (o) => i.reply(o), logger, i.commandName);
      return;
    }
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const answer = await work;
    // An edit cannot change the flags the deferral set.
    await sendWithImage(answer, ({ flags: _flags, ...o }) => i.editReply(o), logger, i.commandName);
  } catch (e) {
    clearTimeout(timer);
    logger.error('discord interaction reply failed', { command: i.commandName, channel: i.channelId, error: describeError(e) });
  }
}

function replyOptions(data: ReplyMessage): {
  embeds: ReplyMessage['embeds'];
  allowedMentions: { parse: never[] };
  flags?: MessageFlags.Ephemeral;
  files?: ReturnType<typeof imageFile>[];
} {
  return {
    embeds: data.embeds,
    allowedMentions: { parse: [] },
    ...(data.flags ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}

/** The login failure as an error naming the gateway, the cause and the fix. */
function loginError(e: unknown, url: string): GatewayError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Authentication failed/i.test(msg)) {
    return new GatewayError('DISCORD_GATEWAY_AUTH', url, 'closed 4004 Authentication failed: Discord does not accept DISCORD_TOKEN', TOKEN_FIX, { cause: e });
  }
  if (/invalid token/i.test(msg)) return new GatewayError('DISCORD_GATEWAY_AUTH', url, 'Discord rejected DISCORD_TOKEN', TOKEN_FIX, { cause: e });
  return new GatewayError('DISCORD_GATEWAY_FAILED', url, msg, `check the network; ${GATEWAY_FIX_HTTP}`, { cause: e });
}

/**
 * Probes the gateway (gateway-probe.ts), logs in, and resolves once the client is ready (guilds received).
 * Rejects with a GatewayError naming the URL, the cause and the fix.
 */
export async function startDiscordGateway(opts: DiscordGatewayOptions): Promise<DiscordGateway> {
  const url = await probeGateway({ token: opts.token, apiUrl: opts.apiUrl });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(opts.apiUrl ? { rest: { api: opts.apiUrl } } : {}),
  });
  const { logger } = opts;
  let state: GatewayState = { status: 'reconnecting', since: Date.now(), reason: 'connecting' };
  let ready = false;
  const set = (status: GatewayState['status'], reason?: string) => {
    if (state.status === status && state.reason === reason) return;
    state = { status, since: Date.now(), reason };
    if (ready) opts.onState?.(state);
  };
  client.on(Events.InteractionCreate, (i: Interaction) => {
    if (!i.isChatInputCommand()) return;
    void answerInteraction(i, opts.commandDeps, logger, opts.deferAfterMs);
  });
  client.on(Events.Error, (e) => logger.error('discord client error', { error: describeError(e) }));
  client.on(Events.ShardDisconnect, (ev, shard) => {
    logger.warn('discord gateway disconnected', { shard, code: ev.code });
    set('closed', FATAL_CLOSE[ev.code] ?? `closed ${ev.code}`);
  });
  client.on(Events.ShardReconnecting, () => set('reconnecting', 'connection lost; discord.js is reconnecting'));
  client.on(Events.ShardResume, () => set('ready'));
  client.on(Events.ShardReady, () => set('ready'));

  const timeoutMs = opts.readyTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  const readyEvent = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await client.login(opts.token);
    await readyEvent;
  } catch (e) {
    await client.destroy();
    throw loginError(e, url);
  } finally {
    clearTimeout(timer);
  }
  ready = true;
  state = { status: 'ready', since: Date.now() };
  logger.info('discord gateway ready', { user: client.user?.tag, guilds: client.guilds.cache.size });
  return {
    client,
    url,
    state: () => state,
    async stop() {
      await client.destroy();
    },
  };
}
