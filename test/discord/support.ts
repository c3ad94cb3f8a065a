/** Shared pieces for the Discord tests: command deps over in-memory stores, options from text, embed flattening. */
import { fileURLToPath } from 'node:url';
import type { APIEmbed } from 'discord.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadTickers } from '../../src/config/load.js';
import { commandOptionsOf, parseCommandText } from '../../src/core/commands/parse.js';
import type { CommandDeps } from '../../src/core/commands/types.js';
import { systemClock } from '../../src/core/ports.js';
import { Universe } from '../../src/core/symbols.js';
import type { InteractionOption } from '../fakes/discord/payloads.js';
import { MemoryAlertLog, MemoryFeedStates, MemorySubscriptions } from '../fakes/memory-stores.js';

export const CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));

export interface TestDeps extends CommandDeps {
  subscriptions: MemorySubscriptions;
  alerts: MemoryAlertLog;
  feedStates: MemoryFeedStates;
  logger: ReturnType<typeof createMemoryLogger>;
}

export function makeCommandDeps(): TestDeps {
  return {
    subscriptions: new MemorySubscriptions(),
    alerts: new MemoryAlertLog(),
    feedStates: new MemoryFeedStates(),
    universe: new Universe(loadTickers(CONFIG_DIR)),
    clock: systemClock,
    logger: createMemoryLogger(),
  };
}

/** Option type numbers as Discord sends them. */
const SUBCOMMAND = 1;
const STRING = 3;
const BOOLEAN = 5;

/**
 * The neutral command text ("watchlist add ALB") as a Discord client would send it: command name plus typed
 * options, with the subcommand nested as Discord nests it.
 */
export function discordOptionsFor(text: string): { name: string; options: InteractionOption[] } {
  const { verb, options } = commandOptionsOf(parseCommandText(text));
  const typed = (o: Record<string, string>): InteractionOption[] =>
    Object.entries(o)
      .filter(([k]) => k !== 'subcommand')
      .map(([name, value]) =>
        name === 'drop_watchlist' ? { name, type: BOOLEAN, value: value === 'true' } : { name, type: STRING, value },
      );
  if (options.subcommand) {
    return { name: verb, options: [{ name: options.subcommand, type: SUBCOMMAND, options: typed(options) }] };
  }
  return { name: verb, options: typed(options) };
}

/** Text a reader sees in embeds: markdown, escapes and zero-width spaces removed; fields read "name value". */
export function visibleText(embeds: readonly APIEmbed[]): string {
  const parts: string[] = [];
  for (const e of embeds) {
    if (e.author?.name) parts.push(e.author.name);
    if (e.title) parts.push(e.title);
    if (e.description) parts.push(e.description);
    for (const f of e.fields ?? []) parts.push(`${f.name} ${f.value}`);
    if (e.footer?.text) parts.push(e.footer.text);
  }
  return parts
    .join('\n')
    .replace(/\*\*(Why:)\*\*/g, '$1')
    .replace(/\[([^\]]*)\]\((https?:[^)\s]+)\)/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');
}

/** Markdown that would render from feed text: unescaped bold/italic/strike/spoiler/code marks or masked links. */
export function hasActiveMarkup(embeds: readonly APIEmbed[]): boolean {
  const texts = embeds.flatMap((e) => [e.title ?? '', (e.description ?? '').replace(/^\*\*Why:\*\* /, ''), ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
  return texts.some((t) => /(?<!\\)(\*\*|__|~~|\|\||`)/.test(t) || /\]\(/.test(t));
}
