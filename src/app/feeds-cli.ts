/**
 * `lithium-wire feeds list | import FILE.opml | export [FILE] | remove ID | pause ID | resume ID`: the stored (chat-added or imported)
 * feeds from the operator's shell, next to config/feeds.yaml's. Safe while `start` runs on the same store: a
 * running poller reads the store at every tick, so imports, removals and pauses take effect without a restart.
 * `pause` works on config/feeds.yaml feeds too (the pause is stored; the file is left as it is).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { userInfo } from 'node:os';
import type { Config } from '../config/load.js';
import { feedListLines } from '../core/commands/feed.js';
import { setFeedPaused } from '../core/commands/feed-pause.js';
import { UserError } from '../core/errors.js';
import { feedIdFor, feedUrlKey, type ChatFeed } from '../core/feed-registry.js';
import { FeedError } from '../feeds/errors.js';
import { resolveChecked } from '../feeds/net-guard.js';
import type { Stores } from '../store/open.js';
import { labelAsId, parseOpml, writeOpml, type ExportFeed, type OpmlFeed } from './opml.js';

export const FEEDS_USAGE = 'usage: lithium-wire feeds [list | import FILE.opml | export [FILE] | remove ID | pause ID | resume ID] [--config DIR]';

export interface FeedsCliOptions {
  now?: Date;
  /** Who `import` records as having added the feeds (default: the OS user). */
  user?: string;
}

function operator(): string {
  try {
    return userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}

const configuredOf = (config: Config) => config.feeds.map((f) => ({ id: f.id, url: f.url, tags: f.tags, enabled: f.enabled }));

async function listFeeds(config: Config, stores: Stores, out: (l: string) => void, now: Date): Promise<number> {
  const [stored, states, pauses] = await Promise.all([stores.feedRegistry.list(), stores.feedStates.list(), stores.feedRegistry.configuredPauses()]);
  const configured = configuredOf(config);
  out(`${configured.length} feeds in config/feeds.yaml, ${stored.length} stored (added from chat or imported)`);
  for (const line of feedListLines(configured, stored, states, now, pauses)) out(`  ${line}`);
  return 0;
}

async function importFeeds(file: string | undefined, config: Config, stores: Stores, out: (l: string) => void, opts: FeedsCliOptions): Promise<number> {
  if (!file) throw new UserError('BAD_ARGS', `feeds import needs a file\n${FEEDS_USAGE}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError('BAD_ARGS', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let parsed: OpmlFeed[];
  try {
    parsed = parseOpml(text);
  } catch (e) {
    // Nothing has been saved: the whole file is read and checked before the first write.
    if (e instanceof UserError) throw new UserError(e.code, `${file}: ${e.message}; nothing was imported`);
    throw e;
  }
  const now = opts.now ?? new Date();
  const yamlIds = new Set(config.feeds.map((f) => f.id));
  const yamlUrls = new Map(config.feeds.map((f) => [feedUrlKey(f.url), f.id]));
  const stored = await stores.feedRegistry.list();
  const taken = new Set([...yamlIds, ...stored.map((f) => f.id)]);
  const skipped: string[] = [];
  let imported = 0;
  const user = opts.user ?? operator();
  for (const f of parsed) {
    const inYaml = yamlUrls.get(feedUrlKey(f.url));
    if (inYaml) {
      skipped.push(`line ${f.line}: already in config/feeds.yaml as ${inYaml}`);
      continue;
    }
    const blocked = await blockedLiteral(f.url, config);
    if (blocked) {
      skipped.push(`line ${f.line}: ${blocked}`);
      continue;
    }
    let id = labelAsId(f.label) ?? feedIdFor(f.url, f.label);
    if (taken.has(id)) id = feedIdFor(f.url, f.label);
    // Most readers write the feed's name in `text` only (OPML 2.0 makes `title` optional): keep it unless it is our id.
    const title = f.title ?? (labelAsId(f.label) ? undefined : f.label);
    const feed: ChatFeed = {
      id, url: f.url, tags: f.tags, addedBy: { platform: 'cli', workspace: 'cli', user }, addedAt: now.toISOString(), paused: false,
      ...(title ? { title } : {}),
    };
    const r = taken.has(id) ? undefined : await stores.feedRegistry.add(feed);
    if (r?.status !== 'added') {
      skipped.push(`line ${f.line}: already stored${r?.status === 'duplicate' ? ` as ${r.existing.id}` : ` (id ${id} is taken)`}`);
      continue;
    }
    taken.add(id);
    imported++;
  }
  out(`imported ${imported} of ${parsed.length} feeds from ${file}${skipped.length ? `; ${skipped.length} skipped:` : ''}`);
  for (const s of skipped) out(`  ${s}`);
  if (imported) out('a running `lithium-wire start` polls them from its next tick on the default schedule (no restart)');
  return 0;
}

/**
 * A feed whose host is a private IP literal would be refused at every poll (and warn its channels after a while),
 * so it is not imported unless ALLOW_PRIVATE_FEEDS or ALLOW_FEED_ADDRESSES lets it through: the guard /feed add
 * and the poller apply. Host names are not resolved here (an import needs no network); the poller checks them.
 */
async function blockedLiteral(url: string, config: Config): Promise<string | undefined> {
  const u = new URL(url);
  if (isIP(u.hostname.replace(/^\[|\]$/g, '')) === 0) return undefined;
  try {
    await resolveChecked(u, { allowPrivate: config.env.ALLOW_PRIVATE_FEEDS, allowAddresses: config.env.ALLOW_FEED_ADDRESSES });
    return undefined;
  } catch (e) {
    if (e instanceof FeedError && e.code === 'BLOCKED_ADDRESS') return `${e.message} (or list it in ALLOW_FEED_ADDRESSES)`;
    throw e;
  }
}

async function exportFeeds(file: string | undefined, config: Config, stores: Stores, out: (l: string) => void, now: Date): Promise<number> {
  const feeds: ExportFeed[] = [
    ...config.feeds.map((f): ExportFeed => ({ id: f.id, url: f.url, tags: f.tags, title: f.source, origin: 'config' })),
    ...(await stores.feedRegistry.list()).map((f): ExportFeed => ({ id: f.id, url: f.url, tags: f.tags, title: f.title, origin: 'chat' })),
  ];
  const xml = writeOpml(feeds, now);
  if (!file) {
    out(xml.trimEnd());
    return 0;
  }
  writeFileSync(file, xml);
  out(`exported ${feeds.length} feeds to ${file} (OPML 2.0)`);
  return 0;
}

async function removeFeed(target: string | undefined, config: Config, stores: Stores, out: (l: string) => void): Promise<number> {
  if (!target) throw new UserError('BAD_ARGS', `feeds remove needs a feed id (see feeds list)\n${FEEDS_USAGE}`);
  const found = (await stores.feedRegistry.get(target)) ?? (await stores.feedRegistry.byUrl(target));
  if (!found) {
    const yaml = config.feeds.find((f) => f.id === target || feedUrlKey(f.url) === feedUrlKey(target));
    if (yaml) throw new UserError('BAD_ARGS', `${yaml.id} is in config/feeds.yaml: remove it there and restart`);
    throw new UserError('BAD_ARGS', `no stored feed ${target} (see lithium-wire feeds list)`);
  }
  await stores.feedRegistry.remove(found.id);
  await stores.feedStates.remove(found.id);
  out(`removed ${found.id} (${found.url}); a running bot stops polling it from its next tick`);
  return 0;
}

async function pauseFeed(target: string | undefined, paused: boolean, config: Config, stores: Stores, out: (l: string) => void, opts: FeedsCliOptions): Promise<number> {
  const verb = paused ? 'pause' : 'resume';
  if (!target) throw new UserError('BAD_ARGS', `feeds ${verb} needs a feed id (see feeds list)\n${FEEDS_USAGE}`);
  const actor = { platform: 'cli', workspace: 'cli', operator: true, by: `cli:${opts.user ?? operator()}` };
  const r = await setFeedPaused(stores.feedRegistry, configuredOf(config), target, paused, actor, opts.now ?? new Date());
  if (r.status === 'not-found') throw new UserError('BAD_ARGS', `no feed ${target} (see lithium-wire feeds list)`);
  if (r.status === 'disabled') throw new UserError('BAD_ARGS', `${r.id} is disabled in config/feeds.yaml (enabled: false); set enabled: true there instead`);
  // The operator may act on any feed, so "added elsewhere" cannot come back here.
  if (r.status === 'elsewhere') throw new Error(`unexpected refusal for ${r.id}`);
  if (r.status === 'already') out(paused ? `${r.id} is already paused` : `${r.id} is not paused`);
  else out(`${paused ? 'paused' : 'resumed'} ${r.id}${r.origin === 'config' ? ' (config/feeds.yaml; the pause is kept in the store)' : ''}; a running bot ${paused ? 'stops polling it' : 'polls it again'} from its next tick`);
  return 0;
}

export async function feedsCommand(config: Config, stores: Stores, args: readonly string[], out: (l: string) => void, opts: FeedsCliOptions = {}): Promise<number> {
  const [sub = 'list', target, ...extra] = args;
  const now = opts.now ?? new Date();
  if (extra.length) throw new UserError('BAD_ARGS', `too many arguments\n${FEEDS_USAGE}`);
  switch (sub) {
    case 'list':
      return listFeeds(config, stores, out, now);
    case 'import':
      return importFeeds(target, config, stores, out, opts);
    case 'export':
      return exportFeeds(target, config, stores, out, now);
    case 'remove':
      return removeFeed(target, config, stores, out);
    case 'pause':
    case 'resume':
      return pauseFeed(target, sub === 'pause', config, stores, out, opts);
    default:
      throw new UserError('BAD_ARGS', `unknown feeds command "${sub}"\n${FEEDS_USAGE}`);
  }
}
