/** Shared pieces for the Discord tests: command deps over in-memory stores, options from text, embed flattening. */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIEmbed } from 'discord.js';
import { startDiscordGateway, type DiscordGateway } from '../../src/adapters/discord/gateway.js';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadConfig, loadTickers } from '../../src/config/load.js';
import { commandOptionsOf, parseCommandText } from '../../src/core/commands/parse.js';
import type { CommandDeps } from '../../src/core/commands/types.js';
import { systemClock } from '../../src/core/ports.js';
import { Universe } from '../../src/core/symbols.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
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

export interface DiscordPipeline {
  /** The app as `start` wires it (SQLite store in `root`, the REST adapter on the fake Discord). */
  app: App;
  /** The real discord.js gateway on the fake, answering commands from the app's stores. */
  gw: DiscordGateway;
}

/**
 * The bot's parts started in process against the fake Discord: `<root>/config` (the shipped config with
 * `feedsYaml` as feeds.yaml), a store in `root`, buildApp with the Discord adapter, and the gateway.
 * `topics` hands the config's topics to commands.
 */
export async function startDiscordPipeline(o: {
  root: string;
  fake: FakeDiscord;
  feedsYaml: string;
  logger: ReturnType<typeof createMemoryLogger>;
  topics?: boolean;
}): Promise<DiscordPipeline> {
  const { root, fake, logger } = o;
  const dir = join(root, 'config');
  cpSync(CONFIG_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), o.feedsYaml);
  const config = loadConfig({
    dir,
    env: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, ALLOW_PRIVATE_FEEDS: 'true', STORE_URL: `sqlite://${join(root, 'wire.sqlite')}` },
  });
  const adapter = createDiscordAdapter({ token: fake.token, apiUrl: config.env.DISCORD_API_URL, logger });
  const app = await buildApp(config, { logger, chatAdapters: [adapter] });
  const { subscriptions, alerts, feedStates } = app.stores;
  const topics = o.topics ? { topics: config.topics.map((t) => ({ id: t.id, short: t.short })) } : {};
  try {
    const gw = await startDiscordGateway({
      token: fake.token,
      apiUrl: config.env.DISCORD_API_URL,
      commandDeps: { subscriptions, alerts, feedStates, universe: app.universe, clock: systemClock, logger, ...topics },
      logger,
    });
    return { app, gw };
  } catch (e) {
    await app.close();
    throw e;
  }
}
