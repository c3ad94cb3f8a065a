/**
 * Gateway mode: a discord.js Client (Guilds intent only; no message content) that answers slash commands.
 * Inbound only: alerts go out through the REST adapter, so `poll --once` never needs this.
 */
import { Client, Events, GatewayIntentBits, MessageFlags, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { CommandDeps } from '../../core/commands/types.js';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { ReplyMessage } from './format.js';
import { respondToCommand } from './respond.js';

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
  /** How long to wait for READY before giving up. Default 30 s. */
  readyTimeoutMs?: number;
}

export interface DiscordGateway {
  client: Client;
  stop(): Promise<void>;
}

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

/** Answers one command: reply in time, or defer and edit when the core is slow. Never throws. */
export async function answerInteraction(
  i: ChatInputCommandInteraction,
  deps: CommandDeps,
  logger: Logger,
  deferAfterMs = 2_000,
): Promise<void> {
  const work = respondToCommand(received(i), deps);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deferAfterMs);
  });
  try {
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') {
      await i.reply(replyOptions(first));
      return;
    }
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const data = await work;
    await i.editReply({ embeds: data.embeds, allowedMentions: { parse: [] } });
  } catch (e) {
    clearTimeout(timer);
    logger.error('discord interaction reply failed', { command: i.commandName, channel: i.channelId, error: describeError(e) });
  }
}

function replyOptions(data: ReplyMessage) {
  return {
    embeds: data.embeds,
    allowedMentions: { parse: [] },
    ...(data.flags ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}

/** Logs in and resolves once the client is ready (guilds received). */
export async function startDiscordGateway(opts: DiscordGatewayOptions): Promise<DiscordGateway> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(opts.apiUrl ? { rest: { api: opts.apiUrl } } : {}),
  });
  const { logger } = opts;
  client.on(Events.InteractionCreate, (i: Interaction) => {
    if (!i.isChatInputCommand()) return;
    void answerInteraction(i, opts.commandDeps, logger, opts.deferAfterMs);
  });
  client.on(Events.Error, (e) => logger.error('discord client error', { error: describeError(e) }));
  client.on(Events.ShardDisconnect, (ev, shard) => logger.warn('discord gateway disconnected', { shard, code: ev.code }));

  const timeoutMs = opts.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(() => reject(new Error(`discord gateway not ready after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await client.login(opts.token);
    await ready;
  } catch (e) {
    await client.destroy();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  logger.info('discord gateway ready', { user: client.user?.tag, guilds: client.guilds.cache.size });
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
