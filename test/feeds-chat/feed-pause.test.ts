/**
 * /feed pause and /feed resume through the command core on a real SQLite store: a config/feeds.yaml feed (the pause
 * is stored, the file untouched) and a chat-added one; who may; what /feed list, /status and the poll sources then
 * say; /feed remove forgetting the feed's state so /status stops counting it as failing, and the after-cycle
 * clean-up of a state a poll in flight wrote back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredFeedSource, forgetRemovedFeeds, storedFeedSource } from '../../src/app/feed-sources.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { handleCommandText } from '../../src/core/commands/handlers.js';
import { parseCommandOptions, parseCommandText, commandOptionsOf } from '../../src/core/commands/parse.js';
import { spellAsOptions } from '../../src/core/commands/spell.js';
import type { CommandContext, Reply } from '../../src/core/commands/types.js';
import type { FeedCommandDeps, FeedRegistry } from '../../src/core/feed-registry.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { makeTestDeps } from '../commands/helpers.js';

const root = mkdtempSync(join(tmpdir(), 'lw-feedpause-'));
let stores: Stores;
beforeAll(async () => {
  stores = await openStores(`sqlite://${join(root, 's.sqlite')}`);
  await stores.feedRegistry.add({
    id: 'chat-wire-1a2b3c', url: 'https://chat.example/rss', tags: ['lithium'], addedBy: { platform: 'slack', workspace: 'T1', user: 'U1', name: 'alice' },
    addedAt: '2026-12-07T00:00:00.000Z', paused: false,
  });
});
afterAll(async () => {
  await stores?.close();
  rmSync(root, { recursive: true, force: true });
});

const NOW = new Date('2026-12-07T12:00:00Z');
const YAML = [
  { id: 'yaml-wire', url: 'https://yaml.example/rss.xml', tags: ['lithium'], enabled: true },
  { id: 'yaml-off', url: 'https://off.example/rss.xml', tags: [], enabled: false },
];
function deps() {
  const feeds: FeedCommandDeps = { registry: stores.feedRegistry, configured: YAML, probe: async () => ({ ok: true, items: 0 }), maxPerWorkspace: 25 };
  return { ...makeTestDeps(), feedStates: stores.feedStates, feeds, clock: { now: () => NOW } };
}
const ctx = (o: { canManage?: boolean; workspace?: string; operator?: boolean } = {}): CommandContext => ({
  channel: { platform: 'slack', id: 'C1', workspace: o.workspace ?? 'T1' }, user: { id: 'U1', name: 'alice' }, canManage: o.canManage ?? true,
  ...(o.operator ? { operator: true } : {}),
});
const run = (text: string, c = ctx()): Promise<Reply> => handleCommandText(text, c, deps());
const text = (r: Reply) => [r.title, ...r.lines, ...r.fields.map((f) => `${f.label}: ${f.value}`)].join('\n');
const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const yamlSpecs = YAML.filter((f) => f.enabled).map((f) => ({ id: f.id, url: f.url, tags: [...f.tags] }));
const polled = async () => [
  ...(await configuredFeedSource(yamlSpecs, { registry: stores.feedRegistry, logger })()),
  ...(await storedFeedSource({ registry: stores.feedRegistry, yaml: YAML.map((f) => ({ id: f.id, url: f.url })) as never, logger })()),
].map((f) => f.id);

describe('/feed pause and /feed resume', () => {
  it('parses both forms and spells the hint as each platform types it', () => {
    expect(parseCommandText('feed pause yaml-wire')).toEqual({ verb: 'feed', action: 'pause', target: 'yaml-wire' });
    expect(parseCommandText('feed resume <https://yaml.example/rss.xml>')).toEqual({ verb: 'feed', action: 'resume', target: 'https://yaml.example/rss.xml' });
    expect(parseCommandOptions('feed', { subcommand: 'pause', feed: 'x-1' })).toEqual({ verb: 'feed', action: 'pause', target: 'x-1' });
    expect(commandOptionsOf({ verb: 'feed', action: 'resume', target: 'x-1' })).toEqual({ verb: 'feed', options: { subcommand: 'resume', feed: 'x-1' } });
    expect(spellAsOptions('feed pause x-1')).toBe('/feed pause feed:x-1');
    expect(() => parseCommandText('feed pause')).toThrow(/Name the feed to pause/);
    expect(() => parseCommandText('feed resume a b')).toThrow(/Resume one feed at a time/);
  });

  it('needs permission to manage channels, and changes nothing without it', async () => {
    const r = await run('feed pause yaml-wire', ctx({ canManage: false }));
    expect(r.status).toBe('refused');
    expect(r.lines).toEqual(['You need permission to manage channels to add, remove, pause or resume feeds.']);
    expect(await stores.feedRegistry.configuredPauses()).toEqual([]);
  });

  it('pauses a config/feeds.yaml feed by URL (the pause is stored), lists it as paused, leaves it out of the poll', async () => {
    expect(await polled()).toEqual(['yaml-wire', 'chat-wire-1a2b3c']);
    const r = await run('feed pause https://YAML.example/rss.xml');
    expect(r.status).toBe('ok');
    expect(r.title).toBe('Feed paused');
    expect(text(r)).toContain('yaml-wire (config/feeds.yaml, for every server and workspace this bot serves) is not polled from the next poll on');
    expect(text(r)).toContain('Resume it with /feed resume yaml-wire.');
    expect(await stores.feedRegistry.configuredPauses()).toEqual([{ id: 'yaml-wire', at: NOW.toISOString(), by: 'alice (slack)' }]);
    expect(await polled()).toEqual(['chat-wire-1a2b3c']);
    const again = await run('feed pause yaml-wire');
    expect(again.title).toBe('Already paused');
    const list = text(await run('feed list', ctx({ canManage: false })));
    expect(list).toContain('yaml-wire \u2014 https://yaml.example/rss.xml [lithium] \u00b7 config/feeds.yaml, read-only \u00b7 paused by alice (slack) 2026-12-07 12:00 UTC');
    expect(list).toContain('yaml-off \u2014 https://off.example/rss.xml \u00b7 config/feeds.yaml, read-only \u00b7 disabled');
  });

  it('refuses a disabled config feed and an unknown one', async () => {
    expect(text(await run('feed pause yaml-off'))).toContain('disabled in config/feeds.yaml');
    expect(text(await run('feed resume nope-123'))).toContain('No feed is called that');
  });

  it('pauses a chat-added feed only from its own workspace, or as the operator (the dashboard)', async () => {
    const elsewhere = await run('feed pause chat-wire-1a2b3c', ctx({ workspace: 'T2' }));
    expect(text(elsewhere)).toContain('added from another server or workspace');
    expect((await stores.feedRegistry.get('chat-wire-1a2b3c'))?.paused).toBe(false);
    const op = await run('feed pause chat-wire-1a2b3c', ctx({ workspace: 'T2', operator: true }));
    expect(op.title).toBe('Feed paused');
    expect(text(op)).not.toContain('config/feeds.yaml');
    expect((await stores.feedRegistry.get('chat-wire-1a2b3c'))?.paused).toBe(true);
    expect(await polled()).toEqual([]);
    expect(text(await run('feed list'))).toMatch(/chat-wire-1a2b3c — https:\/\/chat\.example\/rss \[lithium\] · added by alice \(slack\) 2026-12-07 · paused/);
  });

  it('/status counts paused feeds apart: a paused feed that was failing is not "failing"', async () => {
    await stores.feedStates.put({ feedId: 'yaml-wire', primed: true, consecutiveFailures: 3, lastPollAt: '2026-12-07T11:00:00Z', failingSince: '2026-12-07T10:00:00Z', lastError: { at: '2026-12-07T11:00:00Z', code: 'HTTP_503', message: 'down' } });
    await stores.feedStates.put({ feedId: 'other', primed: true, consecutiveFailures: 0, lastPollAt: '2026-12-07T11:00:00Z' });
    const paused = text(await run('status'));
    expect(paused).toContain('Feeds: all 1 healthy, 2 paused');
    expect(paused).not.toContain('Feed yaml-wire: failing');
  });

  it('resumes both; they poll again and /status counts the failing one again', async () => {
    const r = await run('feed resume yaml-wire');
    expect(r.title).toBe('Feed resumed');
    expect(text(r)).toContain('yaml-wire (config/feeds.yaml, for every server and workspace this bot serves) is polled again');
    expect((await run('feed resume yaml-wire')).title).toBe('Not paused');
    expect((await run('feed resume https://chat.example/rss')).title).toBe('Feed resumed');
    expect(await polled()).toEqual(['yaml-wire', 'chat-wire-1a2b3c']);
    expect(await stores.feedRegistry.configuredPauses()).toEqual([]);
    const status = text(await run('status'));
    expect(status).toContain('Feeds: 1 healthy, 1 failing');
    expect(status).toContain('Feed yaml-wire: failing since');
  });

  it('/feed remove forgets the removed feed\u2019s state, so /status stops counting it', async () => {
    await stores.feedStates.put({ feedId: 'chat-wire-1a2b3c', primed: true, consecutiveFailures: 5, lastPollAt: '2026-12-07T11:00:00Z', lastError: { at: '2026-12-07T11:00:00Z', code: 'HTTP_404', message: 'gone' } });
    expect(text(await run('status'))).toContain('1 healthy, 2 failing');
    expect((await run('feed remove chat-wire-1a2b3c')).title).toBe('Feed removed');
    expect(await stores.feedStates.get('chat-wire-1a2b3c')).toBeUndefined();
    const status = text(await run('status'));
    expect(status).toContain('1 healthy, 1 failing');
    expect(status).not.toContain('chat-wire-1a2b3c');
  });

  it('after a cycle, a stored feed removed while its poll was in flight loses the state that poll wrote back', async () => {
    await stores.feedRegistry.add({ id: 'kept-1', url: 'https://kept.example/rss', tags: [], addedBy: { platform: 'slack', workspace: 'T1', user: 'U1' }, addedAt: NOW.toISOString(), paused: false });
    // The poll of removed-1 began before /feed remove and saved its (failing) state after it.
    await stores.feedStates.put({ feedId: 'removed-1', primed: true, consecutiveFailures: 2 });
    await stores.feedStates.put({ feedId: 'kept-1', primed: true, consecutiveFailures: 0 });
    const polledSpecs = ['yaml-wire', 'kept-1', 'removed-1'].map((id) => ({ id, url: `https://${id}.example/rss` }));
    await forgetRemovedFeeds(polledSpecs, { registry: stores.feedRegistry, yaml: YAML as never, logger, feedStates: stores.feedStates });
    expect(await stores.feedStates.get('removed-1')).toBeUndefined();
    expect(await stores.feedStates.get('kept-1')).toBeDefined();
    // YAML feeds are never forgotten this way.
    expect(await stores.feedStates.get('yaml-wire')).toBeDefined();
  });

  it('a registry that cannot be read polls every config feed, with a warning (a pause is only an override)', async () => {
    const memory = createMemoryLogger();
    const broken = { configuredPauses: () => Promise.reject(new Error('store down')) } as unknown as FeedRegistry;
    expect((await configuredFeedSource(yamlSpecs, { registry: broken, logger: memory })()).map((f) => f.id)).toEqual(['yaml-wire']);
    expect(memory.lines.join('\n')).toContain('could not read which configured feeds are paused');
  });
});
