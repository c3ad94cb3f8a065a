/**
 * One path from a received slash command to the response payload, shared by gateway mode and the HTTP
 * interactions endpoint: options → neutral request → permission verdict → command core → Discord payload.
 * Never throws: a bad option is a refusal, anything unexpected a generic reply.
 */
import { PermissionFlagsBits } from 'discord.js';
import {
  GENERIC_ERROR,
  handleCommandOptions,
  spellAsOptions,
  type CommandContext,
  type CommandDeps,
  type Reply,
} from '../../core/commands/index.js';
import { describeError } from '../../core/errors.js';
import type { ReplyImage } from '../../core/ticker-chart.js';
import { flattenOptions, type ReceivedOption } from './commands.js';
import { DISCORD_HELP } from './help.js';
import { replyMessage, type ReplyMessage } from './format.js';

export interface ReceivedCommand {
  commandName: string;
  options?: readonly ReceivedOption[] | undefined;
  channelId: string | null | undefined;
  guildId: string | null | undefined;
  user: { id: string; name?: string | undefined };
  /**
   * The member's permissions in this channel as Discord computed them (interaction.member.permissions), or null
   * outside a guild. Checked here on every receipt: default_member_permissions only hides commands in the UI.
   */
  permissions: bigint | null | undefined;
  /**
   * Set when the command was run in a post of a forum channel: a forum has no message box of its own, so its
   * settings are changed from one of its posts, and they apply to the forum (where the bot makes its posts).
   */
  forumId?: string | undefined;
}

const GUILD_ONLY: Reply = {
  status: 'refused',
  ephemeral: true,
  title: 'Not available here',
  lines: ['lithium-wire commands work in server channels only.'],
  fields: [],
  links: [],
};

const FAULT: Reply = { status: 'error', ephemeral: true, title: 'Something went wrong', lines: [GENERIC_ERROR], fields: [], links: [] };

/** Manage Channels, or Administrator (which Discord treats as every permission). */
export function canManageChannel(permissions: bigint | null | undefined): boolean {
  if (permissions === null || permissions === undefined) return false;
  const need = PermissionFlagsBits.ManageChannels | PermissionFlagsBits.Administrator;
  return (permissions & need) !== 0n;
}

/** Parses a decimal permission bitfield string as Discord sends it; undefined when absent or malformed. */
export function parsePermissions(raw: unknown): bigint | undefined {
  if (typeof raw !== 'string' || !/^\d{1,40}$/.test(raw)) return undefined;
  return BigInt(raw);
}

async function toReply(cmd: ReceivedCommand, deps: CommandDeps): Promise<Reply> {
  if (!cmd.guildId || !cmd.channelId) return GUILD_ONLY;
  const ctx: CommandContext = {
    channel: { platform: 'discord', id: cmd.forumId ?? cmd.channelId, workspace: cmd.guildId },
    user: cmd.user,
    canManage: canManageChannel(cmd.permissions),
  };
  // The core parses (a refusal is a Reply), checks the permission, and writes hints the way Discord users type.
  return handleCommandOptions(cmd.commandName, flattenOptions(cmd.options), ctx, { ...deps, spell: deps.spell ?? spellAsOptions, help: deps.help ?? DISCORD_HELP });
}

/** The response data for a command, and the image (the /ticker chart) to attach to it when there is one. */
export interface CommandAnswer {
  message: ReplyMessage;
  image?: ReplyImage | undefined;
}

export async function answerCommand(cmd: ReceivedCommand, deps: CommandDeps): Promise<CommandAnswer> {
  try {
    const r = await toReply(cmd, deps);
    return { message: replyMessage(r), ...(r.chart ? { image: r.chart } : {}) };
  } catch (e) {
    deps.logger.error('discord command failed', { command: cmd.commandName, channel: cmd.channelId, error: describeError(e) });
    return { message: replyMessage(FAULT) };
  }
}

/** The interaction response data for a received command (without any image). */
export async function respondToCommand(cmd: ReceivedCommand, deps: CommandDeps): Promise<ReplyMessage> {
  return (await answerCommand(cmd, deps)).message;
}
