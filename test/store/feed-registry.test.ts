/**
 * One contract for the FeedRegistry port, run on both engines: a real SQLite file in a temp dir and the real Redis
 * on 127.0.0.1:6379 under a key prefix of its own per test.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pausedFeedIds, type ChatFeed } from '../../src/core/feed-registry.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { REDIS_URL, runPrefix, storeScratch } from '../redis/redis-env.js';

const { dir, prefixes } = storeScratch('lw-feedreg-', 'feedreg');

const feed = (id: string, url: string, workspace = 'G1', at = '2026-12-01T00:00:00.000Z'): ChatFeed => ({
  id, url, tags: ['lithium', 'asx'], addedBy: { platform: 'discord', workspace, user: 'U1' }, addedAt: at, paused: false, title: `Feed ${id}`,
});

let n = 0;
const engines: [string, () => Promise<Stores>][] = [
  ['sqlite', () => openStores(`sqlite://${join(dir, `r${++n}.sqlite`)}`)],
  ['redis', () => {
    const prefix = runPrefix('feedreg');
    prefixes.push(prefix);
    return openStores(REDIS_URL, { redisPrefix: prefix });
  }],
];

describe.each(engines)('FeedRegistry on %s', (_engine, open) => {
  let stores: Stores | undefined;
  afterEach(async () => {
    await stores?.close();
    stores = undefined;
  });

  it('adds, lists in order, gets by id and by URL, removes', async () => {
    stores = await open();
    const r = stores.feedRegistry;
    expect(await r.list()).toEqual([]);
    const a = feed('a-1', 'https://Example.com/a.rss', 'G1', '2026-12-01T00:00:02.000Z');
    const b = feed('b-1', 'https://example.com/b.rss', 'G1', '2026-12-01T00:00:01.000Z');
    expect(await r.add(a)).toEqual({ status: 'added', feed: a });
    expect(await r.add(b)).toEqual({ status: 'added', feed: b });
    expect((await r.list()).map((f) => f.id)).toEqual(['a-1', 'b-1']);
    expect(await r.get('a-1')).toEqual(a);
    // Same URL up to host case and fragment: the same feed.
    expect(await r.byUrl('https://example.com/a.rss#top')).toEqual(a);
    expect(await r.byUrl('https://example.com/none.rss')).toBeUndefined();
    expect(await r.remove('a-1')).toEqual(a);
    expect(await r.remove('a-1')).toBeUndefined();
    expect(await r.get('a-1')).toBeUndefined();
    expect(await r.byUrl('https://example.com/a.rss')).toBeUndefined();
    expect(await r.list()).toEqual([b]);
    // Once removed, its URL may be added again.
    expect((await r.add(feed('a-2', 'https://example.com/a.rss'))).status).toBe('added');
  });

  it('refuses a duplicate id or URL, saying which feed has it', async () => {
    stores = await open();
    const r = stores.feedRegistry;
    const a = feed('a-1', 'https://example.com/a.rss');
    await r.add(a);
    expect(await r.add(feed('a-1', 'https://example.com/other.rss'))).toEqual({ status: 'duplicate', existing: a });
    expect(await r.add(feed('z-9', 'https://EXAMPLE.com/a.rss'))).toEqual({ status: 'duplicate', existing: a });
    expect(await r.list()).toEqual([a]);
  });

  it('counts the cap per workspace, and the check holds when adds race', async () => {
    stores = await open();
    const r = stores.feedRegistry;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => r.add(feed(`f-${i}`, `https://example.com/${i}.rss`, 'G1'), { maxPerWorkspace: 3 })),
    );
    expect(results.filter((x) => x.status === 'added')).toHaveLength(3);
    expect(results.filter((x) => x.status === 'cap')).toHaveLength(3);
    expect(results.find((x) => x.status === 'cap')).toEqual({ status: 'cap', count: 3 });
    // Another workspace has its own count; no cap given = no cap (the CLI import).
    expect((await r.add(feed('g2', 'https://example.com/g2.rss', 'G2'), { maxPerWorkspace: 3 })).status).toBe('added');
    expect((await r.add(feed('g1-more', 'https://example.com/more.rss', 'G1'))).status).toBe('added');
    // A removal frees a place.
    await r.remove('g1-more');
    const kept = (await r.list()).find((f) => f.addedBy.workspace === 'G1');
    await r.remove(kept!.id);
    expect((await r.add(feed('g1-again', 'https://example.com/again.rss', 'G1'), { maxPerWorkspace: 3 })).status).toBe('added');
  });

  it('pauses and resumes a feed; a missing one is false', async () => {
    stores = await open();
    const r = stores.feedRegistry;
    await r.add(feed('a-1', 'https://example.com/a.rss'));
    expect(await r.setPaused('a-1', true)).toBe(true);
    expect((await r.get('a-1'))?.paused).toBe(true);
    expect((await r.list())[0]?.paused).toBe(true);
    expect(await r.setPaused('a-1', false)).toBe(true);
    expect((await r.get('a-1'))?.paused).toBe(false);
    expect(await r.setPaused('nope', true)).toBe(false);
    expect(await r.get('nope')).toBeUndefined();
  });

  it('keeps pauses of config feeds by id: the first pause stands, a resume lifts it, the order is kept', async () => {
    stores = await open();
    const r = stores.feedRegistry;
    expect(await r.configuredPauses()).toEqual([]);
    const p1 = { id: 'yaml-b', at: '2026-12-07T10:00:00.000Z', by: 'Ana (discord)' };
    const p2 = { id: 'yaml-a', at: '2026-12-07T11:00:00.000Z', by: 'dashboard' };
    expect(await r.pauseConfigured(p1)).toBe(true);
    expect(await r.pauseConfigured(p2)).toBe(true);
    // Paused again by someone else: nothing changes, the first pause's time and author are kept.
    expect(await r.pauseConfigured({ ...p1, by: 'Bo (slack)', at: '2026-12-07T12:00:00.000Z' })).toBe(false);
    expect(await r.configuredPauses()).toEqual([p1, p2]);
    // Chat-added feeds are untouched by config pauses, and the other way round.
    await r.add(feed('chat-1', 'https://example.com/c.rss'));
    await r.setPaused('chat-1', true);
    expect([...(await pausedFeedIds(r))].sort()).toEqual(['chat-1', 'yaml-a', 'yaml-b']);
    // With the configured ids, a pause of a feed no longer in the file is not counted.
    expect([...(await pausedFeedIds(r, [{ id: 'yaml-a' }]))].sort()).toEqual(['chat-1', 'yaml-a']);
    expect(await r.resumeConfigured('yaml-b')).toBe(true);
    expect(await r.resumeConfigured('yaml-b')).toBe(false);
    expect(await r.resumeConfigured('never')).toBe(false);
    expect(await r.configuredPauses()).toEqual([p2]);
    expect((await r.list()).map((f) => [f.id, f.paused])).toEqual([['chat-1', true]]);
    // Paused again after a resume: listed after the ones still paused.
    expect(await r.pauseConfigured(p1)).toBe(true);
    expect((await r.configuredPauses()).map((p) => p.id)).toEqual(['yaml-a', 'yaml-b']);
  });

  it('two pauses of one config feed at once: exactly one wins', async () => {
    stores = await open();
    const r = stores.feedRegistry;
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => r.pauseConfigured({ id: 'yaml-x', at: `2026-12-07T10:00:0${i}.000Z`, by: `u${i}` })));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await r.configuredPauses()).toHaveLength(1);
  });

  it('forgets a feed state on remove (FeedStateStore.remove), and a removed id can be polled afresh', async () => {
    stores = await open();
    const s = stores.feedStates;
    const failing = { feedId: 'gone', primed: true, consecutiveFailures: 4, lastError: { at: '2026-12-07T10:00:00.000Z', code: 'HTTP_503', message: 'down' } };
    await s.put({ feedId: 'kept', primed: true, consecutiveFailures: 0 });
    await s.put(failing);
    await s.remove('gone');
    expect(await s.get('gone')).toBeUndefined();
    expect((await s.list()).map((x) => x.feedId)).toEqual(['kept']);
    await s.remove('never-there');
    await s.put({ feedId: 'gone', primed: false, consecutiveFailures: 0 });
    expect((await s.list()).map((x) => [x.feedId, x.consecutiveFailures])).toEqual([['kept', 0], ['gone', 0]]);
  });
});

describe('FeedRegistry on sqlite, across a reopen', () => {
  it('keeps feeds across a reopen of the store', async () => {
    const file = `sqlite://${join(dir, 'reopen.sqlite')}`;
    const s1 = await openStores(file);
    const a = feed('a-1', 'https://example.com/a.rss');
    await s1.feedRegistry.add(a);
    await s1.close();
    const s2 = await openStores(file);
    expect(await s2.feedRegistry.list()).toEqual([a]);
    await s2.close();
  });

  it('keeps config feed pauses across a reopen', async () => {
    const file = `sqlite://${join(dir, 'reopen-pauses.sqlite')}`;
    const s1 = await openStores(file);
    const p = { id: 'yaml-wire', at: '2026-12-07T10:00:00.000Z', by: 'cli:ops' };
    await s1.feedRegistry.pauseConfigured(p);
    await s1.close();
    const s2 = await openStores(file);
    expect(await s2.feedRegistry.configuredPauses()).toEqual([p]);
    await s2.close();
  });
});
