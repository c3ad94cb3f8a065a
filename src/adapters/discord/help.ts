/**
 * /help on Discord, generated from the registered definitions (COMMANDS): every command and subcommand with its
 * options as a user types them, and the permission rule the handler applies.
 */
import { ApplicationCommandOptionType, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { COMMANDS } from './commands.js';

type CommandJSON = RESTPutAPIApplicationCommandsJSONBody[number];

type Option = { type: number; name: string; required?: boolean; choices?: readonly { name: string }[]; options?: readonly Option[]; description: string };

/** One option as a user types it: name:value, [optional], choices a|b|c, a boolean as True. */
function optionUsage(o: Option): string {
  const value = o.choices?.length ? o.choices.map((c) => c.name).join('|') : o.type === ApplicationCommandOptionType.Boolean ? 'True' : `<${o.name}>`;
  return o.required ? `${o.name}:${value}` : `[${o.name}:${value}]`;
}

/** Every command and subcommand of COMMANDS as "/name sub options: description", for /help. */
export function discordHelpEntries(commands: readonly CommandJSON[] = COMMANDS): { command: string; sub?: string; line: string }[] {
  const out: { command: string; sub?: string; line: string }[] = [];
  for (const c of commands) {
    if (c.name === 'help') continue;
    const options = ('options' in c ? (c.options ?? []) : []) as readonly Option[];
    const subs = options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    if (subs.length === 0) {
      const usage = [`/${c.name}`, ...options.map(optionUsage)].join(' ');
      out.push({ command: c.name, line: `${usage}: ${lowerFirst(('description' in c ? c.description : undefined) ?? '')}` });
    }
    for (const s of subs) out.push({ command: c.name, sub: s.name, line: `${[`/${c.name} ${s.name}`, ...(s.options ?? []).map(optionUsage)].join(' ')}: ${lowerFirst(s.description)}` });
  }
  return out;
}

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** /help on Discord: generated from the registered definitions, and the permission rule the handler applies. */
export const DISCORD_HELP = {
  lines: discordHelpEntries().map((e) => e.line),
  policy:
    'Changing settings (/subscribe, /unsubscribe, /threads, /watchlist add, /watchlist remove, /filter other than show, /feed add, /feed remove, /feed pause, /feed resume, /mention with options) needs Manage Channels; /watchlist list, /filter show, /mention, /feed list, /ticker and /status are open to everyone.',
};
