/**
 * /feed through the command core with real parts: a SQLite store's registry, the real probe (fetch + parse with the
 * address guard) against a loopback feed server. Every refusal says why in plain words and saves nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedProbe } from '../../src/app/feed-probe.js';
import { parseCommandOptions, parseCommandText } from '../../src/core/commands/parse.js';
import { handleCommandText } from '../../src/core/commands/handlers.js';
import type { CommandContext, Reply } from '../../src/core/commands/types.js';
import type { FeedCommandDeps } from '../../src/core/feed-registry.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { makeTestDeps } from '../commands/helpers.js';
import { replyMessage as discordReply } from '../../src/adapters/discord/format.js';
import { replyMessage as slackReply } from '../../src/adapters/slack/format.js';
import { spellAsOptions } from '../../src/core/commands/spell.js';
import { healthText } from '../../src/core/commands/feed.js';
import { couldPing } from '../fakes/discord/validate.js';
import { messageCanPing } from '../fakes/slack/block-limits.js';
import { hasActiveMarkup } from '../slack/harness.js';
import { hasActiveMarkup as discordMarkup } from '../discord/support.js';

const RSS = (items: number) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Good Wire</title><link>https://good.example/</link><description>d</description>
${Array.from({ length: items }, (_, i) => `<item><title>Story ${i}</title><link>https://good.example/${i}</link><guid>g${i}</guid></item>`).join('\n')}
</channel></rss>`;
const POLL = { timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 3, userAgent: 'test' };
const POLICY = 'https://yaml.example/rss.xml';

const root = mkdtempSync(join(tmpdir(), 'lw-feedcmd-'));
let srv: FeedServer;
let stores: Stores;
beforeAll(async () => {
  srv = await startFeedServer();
  srv.route('/good.rss', { body: RSS(3) });
  srv.route('/page.html', { body: '<!doctype html><html><body>Not a feed</body></html>', contentType: 'text/html' });
  srv.route('/gone.rss', { status: 404, body: 'no' });
  stores = await openStores(`sqlite://${join(root, 's.sqlite')}`);
});
afterAll(async () => {
  await stores?.close();
  await srv?.close();
  rmSync(root, { recursive: true, force: true });
});

function deps(opts: { allowAddresses?: string[]; max?: number } = {}) {
  const feeds: FeedCommandDeps = {
    registry: stores.feedRegistry,
    configured: [{ id: 'yaml-wire', url: POLICY, tags: ['lithium'], enabled: true }],
    probe: createFeedProbe({ poll: POLL, allowPrivate: false, allowAddresses: opts.allowAddresses ?? ['127.0.0.1'] }),
    maxPerWorkspace: opts.max ?? 25,
  };
  return { ...makeTestDeps(), feedStates: stores.feedStates, feeds };
}
const ctx = (canManage = true, workspace = 'T1', user = 'U1'): CommandContext => ({
  channel: { platform: 'slack', id: 'C1', workspace }, user: { id: user, name: 'alice' }, canManage,
});
const run = (d: ReturnType<typeof deps>, text: string, c = ctx()): Promise<Reply> => handleCommandText(text, c, d);
const text = (r: Reply) => [r.title, ...r.lines].join('\n');

describe('/feed parsing', () => {
  it('takes a URL with commas as one word, tags after it, and Slack\u2019s <url|label> form', () => {
    expect(parseCommandText('feed add https://x.example/rss?s=ALB,SQM lithium, asx')).toEqual({
      verb: 'feed', action: 'add', url: 'https://x.example/rss?s=ALB,SQM', tags: ['lithium', 'asx'],
    });
    expect(parseCommandText('feed add <https://x.example/a.rss|x.example/a.rss> Lithium')).toMatchObject({ url: 'https://x.example/a.rss', tags: ['lithium'] });
    expect(parseCommandText('feed remove <https://x.example/a.rss>')).toEqual({ verb: 'feed', action: 'remove', target: 'https://x.example/a.rss' });
    expect(parseCommandText('feed')).toEqual({ verb: 'feed', action: 'list' });
    expect(parseCommandOptions('feed', { subcommand: 'add', url: 'https://x.example/a.rss', tags: 'a b' })).toMatchObject({ tags: ['a', 'b'] });
    expect(parseCommandOptions('feed', { subcommand: 'remove', feed: 'x-1' })).toEqual({ verb: 'feed', action: 'remove', target: 'x-1' });
    for (const bad of ['feed add', 'feed add ftp://x.example/a', 'feed add not-a-url', 'feed add https://u:p@x.example/a', 'feed add https://x.example/a t@g', 'feed frob']) {
      expect(() => parseCommandText(bad), bad).toThrow();
    }
  });
});

describe('/feed through the command core', () => {
  it('adds a good feed after fetching it once, then lists it with the YAML feed marked read-only', async () => {
    const d = deps();
    const hits = srv.hits('/good.rss');
    const r = await run(d, `feed add ${srv.url('/good.rss')} lithium asx`);
    expect(r.status, text(r)).toBe('ok');
    expect(text(r)).toContain('Good Wire, 3 items now');
    expect(srv.hits('/good.rss')).toBe(hits + 1);
    const [saved] = await stores.feedRegistry.list();
    expect(saved).toMatchObject({ url: srv.url('/good.rss'), tags: ['lithium', 'asx'], paused: false, addedBy: { platform: 'slack', workspace: 'T1', user: 'U1', name: 'alice' } });
    expect(saved!.id).toMatch(/^127-0-0-1-[0-9a-f]{6}$/);

    await stores.feedStates.put({ feedId: saved!.id, primed: true, consecutiveFailures: 0, lastPollAt: new Date().toISOString(), itemCount: 3 });
    await stores.feedStates.put({
      feedId: 'yaml-wire', primed: true, consecutiveFailures: 2, lastPollAt: new Date().toISOString(), failingSince: new Date().toISOString(),
      lastError: { at: new Date().toISOString(), code: 'HTTP_STATUS', message: 'HTTP 503' },
    });
    // Open to everyone.
    const list = await run(d, 'feed list', ctx(false));
    expect(list.status).toBe('ok');
    expect(list.title).toBe('Feeds (1 configured, 1 added from chat)');
    expect(list.lines[0]).toMatch(/^yaml-wire — https:\/\/yaml\.example\/rss\.xml \[lithium\] · config\/feeds\.yaml, read-only · failing ×2 since .*: HTTP_STATUS HTTP 503$/);
    expect(list.lines[1]).toContain(`${saved!.id} — http://127.0.0.1:${srv.port}/good.rss [lithium, asx] · added by alice (slack)`);
    expect(list.lines[1]).toMatch(/ok, polled .*, 3 items$/);
  });

  it('refuses, saving nothing: a member, a duplicate, a YAML feed, not a feed, a 404, a private address', async () => {
    const d = deps();
    const before = await stores.feedRegistry.list();
    const cases: [string, string, CommandContext?][] = [
      [`feed add ${srv.url('/other.rss')}`, 'You need permission to manage channels', ctx(false)],
      [`feed add ${srv.url('/good.rss')}#x`, 'That feed was already added as'],
      [`feed add ${POLICY}`, 'it is yaml-wire in config/feeds.yaml'],
      [`feed add ${srv.url('/page.html')}`, 'Not added: not a feed'],
      [`feed add ${srv.url('/gone.rss')}`, 'Not added: could not fetch it'],
      // Not in ALLOW_FEED_ADDRESSES: refused by the guard before any connection.
      ['feed add http://127.0.0.2:9/feed.xml', 'Not added: private address'],
      ['feed add http://169.254.169.254/latest/meta-data/', 'Not added: private address'],
      ['feed add http://10.0.0.1/rss', 'private network'],
    ];
    for (const [cmd, want, c] of cases) {
      const r = await run(d, cmd, c);
      expect(r.status, cmd).toBe('refused');
      expect(text(r), cmd).toContain(want);
      expect(text(r), cmd).not.toMatch(/\bat \w+ \(|stack/i);
    }
    expect(await stores.feedRegistry.list()).toEqual(before);
  });

  it('with no private address allowed, even the loopback feed server is refused', async () => {
    const r = await run(deps({ allowAddresses: [] }), `feed add ${srv.url('/good.rss')}?other=1`);
    expect(r.status).toBe('refused');
    expect(r.title).toBe('Not added: private address');
  });

  it('stops at the per-workspace cap, counted per workspace', async () => {
    const d = deps({ max: 2 });
    srv.route('/b.rss', { body: RSS(1) });
    srv.route('/c.rss', { body: RSS(1) });
    expect((await run(d, `feed add ${srv.url('/b.rss')}`)).status).toBe('ok');
    const capped = await run(d, `feed add ${srv.url('/c.rss')}`);
    expect(capped.title).toBe('Feed limit reached');
    expect(text(capped)).toContain('already has 2 feeds');
    expect((await run(d, `feed add ${srv.url('/c.rss')}`, ctx(true, 'T2'))).status).toBe('ok');
  });

  it('removes by id or URL from the workspace that added it; YAML feeds and other workspaces are refused', async () => {
    const d = deps();
    const feeds = await stores.feedRegistry.list();
    const b = feeds.find((f) => f.url.endsWith('/b.rss'))!;
    const c = feeds.find((f) => f.url.endsWith('/c.rss'))!;
    expect((await run(d, `feed remove ${b.id}`, ctx(false))).lines).toEqual(['You need permission to manage channels to add, remove, pause or resume feeds.']);
    expect(text(await run(d, 'feed remove yaml-wire'))).toContain('is in config/feeds.yaml');
    expect(text(await run(d, 'feed remove nope-123'))).toContain('No feed added from chat is called that');
    expect(text(await run(d, `feed remove ${c.id}`))).toContain('added from another server or workspace');
    const byId = await run(d, `feed remove ${b.id}`);
    expect(byId.status).toBe('ok');
    expect(await stores.feedRegistry.get(b.id)).toBeUndefined();
    const byUrl = await run(d, `feed remove ${c.url}`, ctx(true, 'T2'));
    expect(byUrl.status).toBe('ok');
    expect(await stores.feedRegistry.get(c.id)).toBeUndefined();
  });

  it('a hostile feed title in the reply pings nobody and carries no live markup on either platform', async () => {
    srv.route('/hostile.rss', { body: RSS(1).replace('<title>Good Wire</title>', '<title>@everyone &lt;!channel&gt; &lt;@&amp;123&gt; *bold* [x](https://evil.example)</title>') });
    const r = await run(deps(), `feed add ${srv.url('/hostile.rss')}`, ctx(true, 'T9'));
    expect(r.status).toBe('ok');
    expect(text(r)).toContain('@everyone <!channel> <@&123>');
    const d = discordReply(r);
    expect(couldPing(d as unknown as Record<string, unknown>)).toBe(false);
    expect(discordMarkup(d.embeds)).toBe(false);
    const s = slackReply(r);
    expect(messageCanPing(s)).toBe(false);
    expect(hasActiveMarkup(s as unknown as Record<string, unknown>)).toBe(false);
  });

  it('health: never polled, ok with items, failing with the error, and no query string from an error message', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(healthText(undefined, now)).toBe('not polled yet');
    expect(healthText({ feedId: 'f', primed: true, consecutiveFailures: 0, lastPollAt: '2026-12-07T11:57:00Z', itemCount: 1 }, now)).toBe('ok, polled 2026-12-07 11:57 UTC (3 min ago), 1 item');
    expect(healthText({
      feedId: 'f', primed: true, consecutiveFailures: 3, lastPollAt: '2026-12-07T11:00:00Z', failingSince: '2026-12-07T09:00:00Z',
      lastError: { at: '2026-12-07T11:00:00Z', code: 'HTTP_STATUS', message: 'https://x.example/rss?apikey=SECRET answered 503' },
    }, now)).toBe('failing \u00d73 since 2026-12-07 09:00 UTC (3 h ago): HTTP_STATUS https://x.example/rss?… answered 503');
  });

  it('health: the stored fetch statistics follow, decayed to now, and a server without validators is named', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const fetch = { lastStatus: 304, lastLatencyMs: 42, polls: 1440, notModified: 1411.2, errors: 0.2, countedAt: '2026-12-07T11:57:00Z' };
    const ok = { feedId: 'f', primed: true, consecutiveFailures: 0, lastPollAt: '2026-12-07T11:57:00Z', itemCount: 20, etag: '"e"', fetch };
    expect(healthText(ok, now)).toBe('ok, polled 2026-12-07 11:57 UTC (3 min ago), 20 items \u00b7 HTTP 304 in 42 ms; 24 h: 1437 polls, 98% 304, 0 errors');
    expect(healthText({ ...ok, etag: undefined, fetch: { ...fetch, lastStatus: 200, notModified: 0 } }, now)).toBe(
      'ok, polled 2026-12-07 11:57 UTC (3 min ago), 20 items \u00b7 HTTP 200 in 42 ms; 24 h: 1437 polls, 0% 304, 0 errors, no ETag or Last-Modified');
    expect(healthText({
      ...ok, consecutiveFailures: 1, failingSince: '2026-12-07T11:57:00Z', lastError: { at: '2026-12-07T11:57:00Z', code: 'TIMEOUT', message: 'TIMEOUT after 10000 ms' },
      fetch: { ...fetch, lastStatus: 'TIMEOUT', lastLatencyMs: 10000, polls: 1, notModified: 0, errors: 1 },
    }, now)).toBe('failing \u00d71 since 2026-12-07 11:57 UTC (3 min ago): TIMEOUT TIMEOUT after 10000 ms \u00b7 no answer after 10000 ms; 24 h: 1 poll, 0% 304, 1 error');
  });

  it('hints are spelt as each platform types them', () => {
    expect(spellAsOptions('feed add https://x.example/a.rss lithium asx')).toBe('/feed add url:https://x.example/a.rss tags:lithium asx');
    expect(spellAsOptions('feed remove x-1a2b3c')).toBe('/feed remove feed:x-1a2b3c');
    expect(spellAsOptions('feed list')).toBe('/feed list');
  });

  it('without feed dependencies, /feed says it is not available here', async () => {
    const r = await handleCommandText('feed list', ctx(), makeTestDeps());
    expect(r.status).toBe('refused');
    expect(text(r)).toContain('cannot be managed from chat on this bot');
  });
});
