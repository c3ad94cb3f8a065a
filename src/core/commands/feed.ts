/**
 * `/feed add URL [tags]`, `/feed remove ID|URL`, `/feed pause|resume ID|URL` (admins; feed-pause.ts) and
 * `/feed list` (everyone). Feeds added here are stored
 * (FeedRegistry) and polled from the next tick of the default schedule; config/feeds.yaml feeds are listed,
 * read-only. A URL is fetched and parsed once before it is saved, through the poller's own address guard.
 */
import { UserError } from '../errors.js';
import { fetchStatsText } from '../fetch-stats.js';
import {
  feedIdFor, feedUrlKey, normaliseTags, shownUrl, MAX_TAGS,
  type ChatFeed, type ConfiguredFeed, type FeedCommandDeps, type FeedPause, type FeedProbeResult,
} from '../feed-registry.js';
import type { FeedState } from '../ports.js';
import { textUsage } from './catalogue.js';
import { formatTime, reply, spellOf } from './describe.js';
import { handleFeedPause } from './feed-pause.js';
import type { CommandContext, CommandDeps, CommandRequest, Reply } from './types.js';

export type FeedRequest = Extract<CommandRequest, { verb: 'feed' }>;

export const MAX_URL_CHARS = 2000;
/** Lines of `/feed list` in chat (Discord's embed holds about 4,000 characters); the CLI lists them all. */
const MAX_LISTED = 25;

export const NEED_MANAGE_FEEDS = 'You need permission to manage channels to add, remove, pause or resume feeds.';
export const FEEDS_UNAVAILABLE = 'Feeds cannot be managed from chat on this bot. Ask whoever runs it to add them to config/feeds.yaml.';

/** Slack sends a typed link as <https://…> or <https://…|label>: the URL is what is inside. */
function unwrapLink(raw: string): string {
  const m = /^<([^<>|]+)(?:\|[^<>]*)?>$/.exec(raw.trim());
  return (m ? m[1]! : raw).trim();
}

function checkUrl(raw: string | undefined): string {
  const url = unwrapLink(raw ?? '');
  if (!url) throw new UserError('MISSING_URL', `Give the feed's address, e.g. feed add https://example.com/rss.xml lithium.`);
  if (url.length > MAX_URL_CHARS) throw new UserError('BAD_URL', `That address is too long (over ${MAX_URL_CHARS} characters).`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError('BAD_URL', 'That is not a web address. Give the full URL of an RSS or Atom feed, starting with https://.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError('BAD_URL', 'Only http and https feeds can be added.');
  if (u.username || u.password) throw new UserError('BAD_URL', 'A feed address with a user name or password in it would be shown to everyone in /feed list; it cannot be added from chat.');
  return u.href;
}

function checkTags(raw: readonly string[]): string[] {
  if (raw.length > MAX_TAGS) throw new UserError('TOO_MANY_TAGS', `At most ${MAX_TAGS} tags per feed; you gave ${raw.length}.`);
  const tags = normaliseTags(raw);
  if (tags.length < raw.length || raw.some((t) => !/^[\p{L}\p{N}._-]{1,40}$/u.test(t.normalize('NFKC')))) throw new UserError('BAD_TAG', 'A tag is a word of letters, digits, . _ or - (e.g. lithium, asx), each given once.');
  return tags;
}

/** The request from its parts: the action word, the URL or id, and tag words. */
export function feedRequest(action: string | undefined, target: string | undefined, tags: readonly string[]): FeedRequest {
  const a = (action ?? 'list').trim().toLowerCase();
  if (a === 'list' || a === 'show') {
    if (target || tags.length) throw new UserError('BAD_OPTION', '"feed list" takes nothing after it.');
    return { verb: 'feed', action: 'list' };
  }
  if (a === 'add') return { verb: 'feed', action: 'add', url: checkUrl(target), tags: checkTags(tags) };
  if (a === 'remove' || a === 'rm' || a === 'delete') {
    const t = unwrapLink(target ?? '');
    if (!t) throw new UserError('MISSING_FEED', 'Name the feed to remove by its id or its URL (see feed list).');
    if (tags.length) throw new UserError('BAD_OPTION', 'Remove one feed at a time.');
    return { verb: 'feed', action: 'remove', target: t.slice(0, MAX_URL_CHARS) };
  }
  if (a === 'pause' || a === 'resume') {
    const t = unwrapLink(target ?? '');
    if (!t) throw new UserError('MISSING_FEED', `Name the feed to ${a} by its id or its URL (see feed list).`);
    if (tags.length) throw new UserError('BAD_OPTION', `${a === 'pause' ? 'Pause' : 'Resume'} one feed at a time.`);
    return { verb: 'feed', action: a, target: t.slice(0, MAX_URL_CHARS) };
  }
  throw new UserError('BAD_OPTION', `Usage: ${textUsage('feed')}`);
}

const workspaceOf = (ctx: CommandContext): string => ctx.channel.workspace ?? ctx.channel.id;

/** The feeds of config/feeds.yaml with this URL or id. */
function configuredMatch(feeds: readonly ConfiguredFeed[], target: string): ConfiguredFeed | undefined {
  const key = feedUrlKey(target);
  return feeds.find((f) => f.id === target || feedUrlKey(f.url) === key);
}

function refusedProbe(r: Exclude<FeedProbeResult, { ok: true }>): Reply {
  switch (r.reason) {
    case 'private-address':
      return reply('refused', 'Not added: private address', [
        'That address is on a private network (loopback, LAN or cloud metadata), which the bot never fetches for a feed.',
        'Whoever runs the bot can allow one internal host with ALLOW_FEED_ADDRESSES.',
      ]);
    case 'not-a-feed':
      return reply('refused', 'Not added: not a feed', [`That page is not an RSS or Atom feed (${r.detail}). Give the feed's own URL, often linked as "RSS" on the site.`]);
    case 'bad-url':
      return reply('refused', 'Not added: bad address', [r.detail]);
    default:
      return reply('refused', 'Not added: could not fetch it', [`Fetching it failed: ${r.detail}. Nothing was saved; try again once the site answers.`]);
  }
}

async function addFeed(req: Extract<FeedRequest, { action: 'add' }>, ctx: CommandContext, deps: CommandDeps, f: FeedCommandDeps): Promise<Reply> {
  const spell = spellOf(deps);
  const inYaml = configuredMatch(f.configured, req.url);
  if (inYaml) return reply('refused', 'Already polled', [`That feed is already polled: it is ${inYaml.id} in config/feeds.yaml.`]);
  const existing = await f.registry.byUrl(req.url);
  if (existing) return reply('refused', 'Already added', [`That feed was already added as ${existing.id} on ${existing.addedAt.slice(0, 10)}.`]);
  const ws = workspaceOf(ctx);
  const mine = (await f.registry.list()).filter((x) => x.addedBy.platform === ctx.channel.platform && x.addedBy.workspace === ws);
  if (mine.length >= f.maxPerWorkspace) return capReply(f.maxPerWorkspace, spell);
  const probe = await f.probe(req.url);
  if (!probe.ok) return refusedProbe(probe);
  let id = feedIdFor(req.url);
  if (f.configured.some((c) => c.id === id)) id = feedIdFor(req.url, `chat ${id}`);
  const feed: ChatFeed = {
    id, url: req.url, tags: req.tags,
    addedBy: { platform: ctx.channel.platform, workspace: ws, user: ctx.user.id, ...(ctx.user.name ? { name: ctx.user.name } : {}) },
    addedAt: deps.clock.now().toISOString(),
    paused: false,
    ...(probe.title ? { title: probe.title.slice(0, 200) } : {}),
  };
  const saved = await f.registry.add(feed, { maxPerWorkspace: f.maxPerWorkspace });
  if (saved.status === 'cap') return capReply(f.maxPerWorkspace, spell);
  if (saved.status === 'duplicate') return reply('refused', 'Already added', [`That feed was already added as ${saved.existing.id}.`]);
  return reply('ok', 'Feed added', [
    `${id}: ${probe.title ? `${probe.title.slice(0, 200)}, ` : ''}${probe.items} item${probe.items === 1 ? '' : 's'} now.`,
    'It is polled from the next poll on; the items already in it are recorded without alerts, and new stories alert as usual.',
    `Tags: ${req.tags.length ? req.tags.join(', ') : 'none'}. Remove it with ${spell(`feed remove ${id}`)}.`,
  ]);
}

function capReply(max: number, spell: (t: string) => string): Reply {
  return reply('refused', 'Feed limit reached', [`This server or workspace already has ${max} feeds added from chat, the most allowed. Remove one first (${spell('feed list')}).`]);
}

async function removeFeed(req: Extract<FeedRequest, { action: 'remove' }>, ctx: CommandContext, deps: CommandDeps, f: FeedCommandDeps): Promise<Reply> {
  const target = req.target;
  const found = (await f.registry.get(target)) ?? (/^https?:\/\//i.test(target) ? await f.registry.byUrl(target) : undefined);
  if (!found) {
    const yaml = configuredMatch(f.configured, target);
    if (yaml) return reply('refused', 'Set in configuration', [`${yaml.id} is in config/feeds.yaml, so it cannot be removed from chat. Ask whoever runs the bot.`]);
    return reply('refused', 'No such feed', [`No feed added from chat is called that. See ${spellOf(deps)('feed list')}.`]);
  }
  if (!ctx.operator && (found.addedBy.platform !== ctx.channel.platform || found.addedBy.workspace !== workspaceOf(ctx))) {
    return reply('refused', 'Added elsewhere', [`${found.id} was added from another server or workspace; only its admins (or the bot's operator) can remove it.`]);
  }
  await f.registry.remove(found.id);
  // Its state goes too, so /status and the dashboard stop counting a feed nobody polls (a failing one most of all).
  await deps.feedStates.remove(found.id);
  return reply('ok', 'Feed removed', [`${found.id} (${shownUrl(found.url)}) is no longer polled, from the next poll on.`]);
}

/**
 * "ok, polled 2026-12-07 23:10 UTC (3 min ago), 20 items" or "failing ×3 since …: CODE message", then the stored
 * fetch statistics (" · HTTP 304 in 42 ms; 24 h: 1440 polls, 98% 304, 0 errors"), the same on every instance.
 */
export function healthText(s: FeedState | undefined, now: Date): string {
  if (!s?.lastPollAt) return 'not polled yet';
  const stats = s.fetch ? ` \u00b7 ${fetchStatsText(s.fetch, now, s.primed ? s : undefined)}` : '';
  return `${pollText(s, s.lastPollAt, now)}${stats}`;
}

function pollText(s: FeedState, lastPollAt: string, now: Date): string {
  const items = s.itemCount !== undefined ? `, ${s.itemCount} item${s.itemCount === 1 ? '' : 's'}` : '';
  if (s.consecutiveFailures > 0) {
    // A message may quote a URL: its query string (where keys live) is cut, as in the URLs listed.
    const msg = s.lastError?.message.replace(/(https?:\/\/[^\s?#]+)[?#]\S*/g, '$1?…').slice(0, 120);
    const err = s.lastError ? `: ${s.lastError.code} ${msg ?? ''}` : '';
    return `failing \u00d7${s.consecutiveFailures} since ${formatTime(s.failingSince ?? lastPollAt, now)}${err}`;
  }
  return `ok, polled ${formatTime(lastPollAt, now)}${items}`;
}

/** Every feed, YAML ones first, each with its origin and health (or paused). Shared with `lithium-wire feeds list`. */
export function feedListLines(
  configured: readonly ConfiguredFeed[], stored: readonly ChatFeed[], states: readonly FeedState[], now: Date, pauses: readonly FeedPause[] = [],
): string[] {
  const byId = new Map(states.map((s) => [s.feedId, s]));
  const paused = new Map(pauses.map((p) => [p.id, p]));
  const yamlHealth = (c: ConfiguredFeed): string => {
    if (!c.enabled) return 'disabled';
    const p = paused.get(c.id);
    return p ? `paused by ${p.by} ${formatTime(p.at, now)}` : healthText(byId.get(c.id), now);
  };
  const tags = (t: readonly string[]) => (t.length ? ` [${t.join(', ')}]` : '');
  const yamlIds = new Set(configured.map((c) => c.id));
  const yamlUrls = new Set(configured.map((c) => feedUrlKey(c.url)));
  const lines = configured.map((c) =>
    `${c.id} \u2014 ${shownUrl(c.url)}${tags(c.tags)} \u00b7 config/feeds.yaml, read-only \u00b7 ${yamlHealth(c)}`);
  for (const s of stored) {
    const who = s.addedBy.name ?? s.addedBy.user;
    const shadowed = yamlIds.has(s.id) || yamlUrls.has(feedUrlKey(s.url));
    const health = shadowed ? 'not polled: config/feeds.yaml has it' : s.paused ? 'paused' : healthText(byId.get(s.id), now);
    lines.push(`${s.id} \u2014 ${shownUrl(s.url)}${tags(s.tags)} \u00b7 added by ${who} (${s.addedBy.platform}) ${s.addedAt.slice(0, 10)} \u00b7 ${health}`);
  }
  return lines;
}

async function listFeeds(deps: CommandDeps, f: FeedCommandDeps): Promise<Reply> {
  const [stored, states, pauses] = await Promise.all([f.registry.list(), deps.feedStates.list(), f.registry.configuredPauses()]);
  const all = feedListLines(f.configured, stored, states, deps.clock.now(), pauses);
  if (all.length === 0) return reply('ok', 'Feeds', [`No feeds yet. An admin can add one: ${spellOf(deps)('feed add https://example.com/rss.xml')}.`]);
  const lines = all.slice(0, MAX_LISTED);
  if (all.length > MAX_LISTED) lines.push(`\u2026and ${all.length - MAX_LISTED} more (the bot's operator: lithium-wire feeds list).`);
  return reply('ok', `Feeds (${f.configured.length} configured, ${stored.length} added from chat)`, lines);
}

export async function handleFeed(req: FeedRequest, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  const f = deps.feeds;
  if (!f) return reply('refused', 'Not available', [FEEDS_UNAVAILABLE]);
  if (req.action === 'list') return listFeeds(deps, f);
  if (!ctx.canManage) return reply('refused', 'Not allowed', [NEED_MANAGE_FEEDS]);
  if (req.action === 'add') return addFeed(req, ctx, deps, f);
  if (req.action === 'remove') return removeFeed(req, ctx, deps, f);
  return handleFeedPause(req, ctx, deps);
}
