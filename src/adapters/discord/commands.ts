/**
 * The slash commands as data (what Discord shows and validates), their registration, the invite URL, and the
 * translation of received options into the neutral option form that parseCommandOptions reads. Option names
 * here are the names the core parses (what, drop_watchlist, subcommand, symbols, name, symbol, url, tags, feed).
 */
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  OAuth2Scopes,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  Routes,
  type APIApplicationCommandStringOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { FILTER_KINDS } from '../../core/commands/types.js';
import { WANTS } from '../../core/types.js';

type CommandJSON = RESTPutAPIApplicationCommandsJSONBody[number];

const MANAGE_CHANNELS = PermissionFlagsBits.ManageChannels.toString();

/** Settings commands: hidden from members without Manage Channels (re-checked on receipt), guild channels only. */
const settings = { default_member_permissions: MANAGE_CHANNELS, dm_permission: false, contexts: [InteractionContextType.Guild] };
/**
 * Lookups: open to everyone in the guild. /watchlist is one too: Discord's default permission hides a whole
 * command, and `list` is open to all, so `add` and `remove` are checked in the handler (core changesSettings).
 */
const lookup = { dm_permission: false, contexts: [InteractionContextType.Guild] };

const symbolsOption = (verb: string): APIApplicationCommandStringOption => ({
  type: ApplicationCommandOptionType.String,
  name: 'symbols',
  description: `Tickers or company names to ${verb}, separated by spaces or commas (ALB, $SQM, PLS.AX, albemarle)`,
  required: true,
  max_length: 200,
});

function filterSub(name: string, description: string, option: string, optionDescription: string): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name,
    description,
    options: [{ type: ApplicationCommandOptionType.String, name: option, description: optionDescription, required: true, max_length: 400 }],
  };
}

export const COMMANDS: CommandJSON[] = [
  {
    name: 'subscribe',
    description: 'Post lithium-wire alerts in this channel, or change what it gets',
    ...settings,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'what',
        description: 'What to post here (default: lithium-supply)',
        required: false,
        choices: WANTS.map((w) => ({ name: w, value: w })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'digest',
        description: 'Each alert as it comes (realtime, the default), or an hourly or daily digest',
        required: false,
        choices: ['realtime', 'hourly', 'daily'].map((m) => ({ name: m, value: m })),
      },
      { type: ApplicationCommandOptionType.String, name: 'at', description: 'Daily digest time, 24-hour HH:MM (default 08:00)', required: false, max_length: 5 },
      { type: ApplicationCommandOptionType.String, name: 'tz', description: 'Time zone, e.g. Europe/London (default UTC)', required: false, max_length: 64 },
      { type: ApplicationCommandOptionType.String, name: 'quiet', description: 'Quiet hours HH:MM-HH:MM: alerts wait until they end (e.g. 22:00-07:00)', required: false, max_length: 11 },
    ],
  },
  {
    name: 'unsubscribe',
    description: 'Stop alerts in this channel (the watchlist is kept unless you drop it)',
    ...settings,
    options: [
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'drop_watchlist',
        description: 'Also forget this channel\u2019s watchlist',
        required: false,
      },
    ],
  },
  {
    name: 'watchlist',
    description: 'The tickers this channel tracks (add and remove need Manage Channels)',
    ...lookup,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Track tickers in this channel',
        options: [
          symbolsOption('add'),
          {
            type: ApplicationCommandOptionType.String,
            name: 'name',
            description: 'Company name, for one ticker outside the known universe',
            required: false,
            max_length: 80,
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'remove', description: 'Stop tracking tickers', options: [symbolsOption('remove')] },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Show the tickers this channel tracks' },
    ],
  },
  {
    name: 'ticker',
    description: 'A ticker\u2019s latest move and news',
    ...lookup,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'symbol',
        description: 'Ticker or company (ALB, PLS.AX, 300750.SZ, albemarle)',
        required: true,
        max_length: 80,
      },
    ],
  },
  {
    name: 'filter',
    description: 'Which alerts this channel keeps (changes need Manage Channels)',
    ...lookup,
    options: [
      filterSub('tickers', 'Only stories naming one of these tickers', 'symbols', 'Tickers, separated by spaces or commas (ALB, SQM)'),
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'move',
        description: 'Only stories with a share-price move of at least this many percent',
        options: [{ type: ApplicationCommandOptionType.Number, name: 'percent', description: 'Smallest move, up or down, in percent (e.g. 5)', required: true, min_value: 0.01, max_value: 1000 }],
      },
      filterSub('topics', 'Only stories of these topics', 'topics', 'Topics, e.g. supply'),
      filterSub('sources', 'Only stories from these outlets, feeds or feed tags', 'sources', 'Outlet names, feed ids or tags (e.g. reuters)'),
      filterSub('include', 'Only stories holding one of these phrases', 'phrases', 'Phrases in quotes, whole words; a trailing * for any ending ("mine closure" suspen*)'),
      filterSub('exclude', 'No story holding one of these phrases', 'phrases', 'Phrases in quotes, whole words; a trailing * for any ending ("price target")'),
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'clear',
        description: 'Remove one filter, or all of them',
        options: [{ type: ApplicationCommandOptionType.String, name: 'kind', description: 'The filter to remove (default: all)', required: false, choices: FILTER_KINDS.map((k) => ({ name: k, value: k })) }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: 'Show this channel\u2019s filters' },
    ],
  },
  {
    name: 'mention',
    description: 'A role mentioned on matching alerts here; no options shows it (changes need Manage Channels)',
    ...lookup,
    options: [
      { type: ApplicationCommandOptionType.Role, name: 'role', description: 'The role to mention', required: false },
      { type: ApplicationCommandOptionType.String, name: 'only', description: 'Mention on supply stories only, or on every alert (default)', required: false, choices: ['supply', 'all'].map((c) => ({ name: c, value: c })) },
      { type: ApplicationCommandOptionType.Number, name: 'min_move', description: 'Mention only for a share-price move of at least this many percent', required: false, min_value: 0.01, max_value: 1000 },
      { type: ApplicationCommandOptionType.Boolean, name: 'clear', description: 'Stop mentioning anyone here', required: false },
    ],
  },
  { name: 'status', description: 'This channel\u2019s alerts, watchlist and feed health', ...lookup },
  {
    name: 'feed',
    // A lookup like /watchlist: `list` is open to all, `add` and `remove` need Manage Channels (checked on receipt).
    description: 'The feeds the bot polls (add, remove, pause, resume need Manage Channels)',
    ...lookup,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Poll another RSS or Atom feed (fetched once before it is saved)',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'url', description: 'The feed\u2019s URL (https://\u2026)', required: true, max_length: 450 },
          { type: ApplicationCommandOptionType.String, name: 'tags', description: 'Tags, separated by spaces or commas (lithium asx)', required: false, max_length: 200 },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Stop polling a feed added from chat',
        options: [{ type: ApplicationCommandOptionType.String, name: 'feed', description: 'The feed\u2019s id (see /feed list) or URL', required: true, max_length: 450 }],
      },
      ...(['pause', 'resume'] as const).map((name) => ({
        type: ApplicationCommandOptionType.Subcommand as const,
        name,
        description: name === 'pause' ? 'Stop polling a feed for now (config feeds too); it stays listed' : 'Poll a paused feed again',
        options: [{ type: ApplicationCommandOptionType.String as const, name: 'feed', description: 'The feed\u2019s id (see /feed list) or URL', required: true, max_length: 450 }],
      })),
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Every feed polled, with its health' },
    ],
  },
  { name: 'help', description: 'What lithium-wire can do here', ...lookup },
  {
    name: 'threads',
    description: 'Later reports of a story as replies in a thread (on) or edits of its alert (off, the default)',
    ...settings,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'mode',
        description: 'on: a thread per story (a post per story in a forum channel); off: edit the alert in place',
        required: true,
        choices: ['on', 'off'].map((m) => ({ name: m, value: m })),
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'broadcast',
        description: 'With on: also keep the story\u2019s first alert in the channel up to date',
        required: false,
      },
    ],
  },
];

/** The bot's channel permissions: see the channel, post, embed links, read history, and start and post in threads. */
export const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
  // /threads on: a thread from a story's first alert, replies in it, and forum posts (a forum's posts are threads).
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
]).bitfield;

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** DISCORD_API_URL; default Discord's. */
  apiUrl?: string | undefined;
  /** Register in one guild (instant, for development); omit for global commands. */
  guildId?: string | undefined;
}

/** Replaces the application's commands with COMMANDS (a bulk PUT, so removed commands disappear too). */
export async function registerCommands(opts: RegisterOptions): Promise<{ scope: 'guild' | 'global'; count: number }> {
  const rest = new REST(opts.apiUrl ? { api: opts.apiUrl } : {}).setToken(opts.token);
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const saved = (await rest.put(route, { body: COMMANDS })) as unknown[];
  return { scope: opts.guildId ? 'guild' : 'global', count: saved.length };
}

/** A received option, as both the gateway (discord.js) and the HTTP endpoint (raw JSON) present it. */
export interface ReceivedOption {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  options?: readonly ReceivedOption[] | undefined;
}

/** Discord options → the neutral option form: a subcommand's name under "subcommand", values as strings. */
export function flattenOptions(options: readonly ReceivedOption[] | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const o of options ?? []) {
    if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
      out.subcommand = o.name;
      Object.assign(out, flattenOptions(o.options));
    } else if (o.value !== undefined) {
      out[o.name] = String(o.value);
    }
  }
  return out;
}
