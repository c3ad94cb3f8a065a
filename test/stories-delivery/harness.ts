/**
 * Three invented outlets carrying the CATL story minutes apart (wordings modelled on the sample item, none of them
 * a corpus item), one Albemarle event that is a different story, and a config dir with those feeds.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import { buildApp, type App } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/load.js';
import type { Logger } from '../../src/core/ports.js';
import type { ChannelRef } from '../../src/core/types.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { FeedServer } from '../fakes/feed-server.js';
import { FAKE_BOT_TOKEN, type FakeSlack } from '../fakes/slack/fake-slack.js';

export const CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));

export interface Report {
  guid: string;
  title: string;
  link: string;
  description: string;
  minutesAgo: number;
}

export const OUTLETS = [
  { id: 'zhitong', title: 'Zhitong Finance' },
  { id: 'ledger', title: 'Battery Ledger' },
  { id: 'pitwall', title: 'Pitwall Mining News' },
] as const;

/** The CATL story, as each outlet words it. The second adds a figure the first did not give (output −14%). */
export const CATL: readonly Report[] = [
  {
    guid: 'zt-catl-1',
    title: 'CATL reportedly considers suspending part of its lithium mining; US lithium stocks rally',
    link: 'https://zhitong.example/news/catl-lithium-suspension',
    description:
      'Contemporary Amperex Technology (CATL) is considering suspending part of its lithium mining and production, ' +
      'a Citi analyst said: one spodumene mine in eastern China and three lithium carbonate lines may stop, cutting ' +
      'supply by up to 6,000 tons a month. Albemarle (ALB) rose 13.6%.',
    minutesAgo: 30,
  },
  {
    guid: 'bl-catl-2',
    title: 'Battery giant CATL weighs halting a Jiangxi lithium mine, Citi says',
    link: 'https://ledger.example/2026/catl-weighs-mine-halt',
    description:
      'CATL, the largest maker of electric-vehicle batteries, may suspend a spodumene mine in eastern China and three ' +
      'lithium carbonate lines, taking as much as 6,000 tons a month of supply out, according to Citi. Lithium mining ' +
      'output already fell 14% in recent weeks. Albemarle shares climbed 13.6%.',
    minutesAgo: 20,
  },
  {
    guid: 'pw-catl-3',
    title: 'Lithium miners jump as CATL mulls suspending mining and carbonate lines',
    link: 'https://pitwall.example/catl-mulls-suspension',
    description:
      'Lithium producers rallied after Citi said Contemporary Amperex Technology could idle a mine in eastern China and ' +
      'three lithium carbonate lines, reducing supply by up to 6,000 tons per month. Albemarle gained 13.6%.',
    minutesAgo: 10,
  },
];

/** A different event at a company the CATL story also names: a separate story, a separate message. */
export const ALBEMARLE: Report = {
  guid: 'zt-alb-kemerton',
  title: 'Albemarle to cut Kemerton lithium hydroxide output in Western Australia',
  link: 'https://zhitong.example/news/albemarle-kemerton-cut',
  description:
    'Albemarle (NYSE: ALB) will idle one of two processing trains at its Kemerton hydroxide plant in Western Australia ' +
    'and cut about 300 jobs as lithium prices stay low, the company said.',
  minutesAgo: 5,
};

export function rss(outlet: string, reports: readonly Report[], now = Date.now()): string {
  const items = reports
    .map(
      (r) => `<item><title>${r.title}</title><link>${r.link}</link><guid isPermaLink="false">${r.guid}</guid>` +
        `<pubDate>${new Date(now - r.minutesAgo * 60_000).toUTCString()}</pubDate><description>${r.description}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${outlet}</title><link>https://${outlet.replace(/\W/g, '').toLowerCase()}.example/</link><description>x</description>\n${items}\n</channel></rss>\n`;
}

/**
 * Serves the three outlets' feeds from `srv`; `stage()` says how far the story has spread: stage 1 only the
 * first outlet has it, stage 2 the second too, stage 3 all three, stage 4 the first outlet adds the Albemarle event.
 */
export function serveOutlets(srv: FeedServer, stage: () => number): void {
  OUTLETS.forEach((o, i) => {
    srv.route(`/${o.id}.rss`, () => {
      const s = stage();
      const reports = [...(s > i ? [CATL[i]!] : []), ...(i === 0 && s >= 4 ? [ALBEMARLE] : [])];
      return { body: rss(o.title, reports) };
    });
  });
}

/** A copy of the shipped config with the three outlet feeds and no static subscriptions. */
export function configDir(srv: FeedServer, prefix: string): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(root, 'config');
  cpSync(CONFIG_DIR, dir, { recursive: true });
  const feeds = OUTLETS.map((o) => `  - { id: ${o.id}, url: "${srv.url(`/${o.id}.rss`)}" }`).join('\n');
  writeFileSync(join(dir, 'feeds.yaml'), `poll:\n  newItemWindowHours: 1000000\nfeeds:\n${feeds}\n`);
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
  return { root, dir };
}

/**
 * The real app on a copy of the config (SQLite store in a temp dir), posting through the real adapter of one
 * platform to its loopback fake, with `channel` subscribed to lithium-supply. `build` makes another app on the
 * same store (a restart).
 */
export async function storiesApp(
  srv: FeedServer,
  tag: string,
  logger: Logger,
  target: { discord: FakeDiscord } | { slack: FakeSlack; channel: string },
): Promise<{ app: App; root: string; channel: string; build: () => Promise<App> }> {
  const { root, dir } = configDir(srv, `lw-${tag}-`);
  const storeUrl = `sqlite://${join(root, 'wire.sqlite')}`;
  const base = { STORE_URL: storeUrl, ALLOW_PRIVATE_FEEDS: 'true' };
  let build: () => Promise<App>;
  let channel: ChannelRef;
  if ('discord' in target) {
    const fake = target.discord;
    const config = loadConfig({ dir, env: { ...base, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl } });
    build = () => buildApp(config, { logger, chatAdapters: [createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger })] });
    channel = { platform: 'discord', id: fake.defaultChannel.id };
  } else {
    const fake = target.slack;
    const config = loadConfig({ dir, env: { ...base, SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_API_URL: fake.apiUrl } });
    build = () => buildApp(config, { logger, chatAdapters: [createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: fake.apiUrl, logger })], storeUrl });
    channel = { platform: 'slack', id: target.channel };
  }
  const app = await build();
  await app.stores.subscriptions.put({ channel, want: 'lithium-supply', watchlist: [], origin: 'command', updatedAt: new Date().toISOString() });
  return { app, root, channel: channel.id, build };
}
