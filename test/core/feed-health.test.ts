/**
 * The health notice decision on real parts (the real poller, the app stage, in-memory stores): a feed failing
 * N-1 times says nothing, the N-th failure one notice per target channel, N+5 still that one, the first success
 * one recovery notice, a new run of failures a new notice. Plus what a notice may show (host only, cleaned error).
 */
import { describe, expect, it } from 'vitest';
import { createHealthNotices, healthNoticeSettings } from '../../src/app/health-notices.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { cleanErrorMessage, feedHost, healthStep, noticeId, noticeTargets } from '../../src/core/feed-health.js';
import type { FeedState } from '../../src/core/ports.js';
import type { Delivery, Subscription } from '../../src/core/types.js';
import { FeedError } from '../../src/feeds/errors.js';
import { createPoller } from '../../src/feeds/poller.js';
import { MemoryFeedStates, MemorySeen } from '../fakes/memory-stores.js';

const FEED = { id: 'wire', url: 'https://user:hunter2@feeds.example:8443/private/rss?token=s3cret-token', source: 'Battery Wire' };
const sub = (platform: string, id: string, extra: Partial<Subscription> = {}): Subscription => ({
  channel: { platform, id }, want: 'all', watchlist: [], origin: 'command', updatedAt: '2026-01-01T00:00:00Z', ...extra,
});
const SUBS = [
  sub('discord', '111'),
  sub('slack', 'C1'),
  sub('slack', 'C2', { want: null, watchlist: [{ symbol: 'ALB' }] }), // watchlist only, after /unsubscribe: gets no alerts
  sub('discord', '222', { failing: { since: '2026-01-01T00:00:00Z', reason: 'Missing Access' } }),
  sub('telegram', 'T1'), // no output for this platform in this run
];
const PLATFORMS = new Set(['discord', 'slack']);
const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';

/** A feed that fails while `failing` is true, and one poll cycle's worth of what the pipeline does with it. */
function rig(settings = { enabled: true, after: 3, channels: [] as string[] }, logger = createMemoryLogger(), subs: Subscription[] = SUBS) {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const feedStates = new MemoryFeedStates();
  const state = { failing: true };
  const poller = createPoller({
    feedStates, seen: new MemorySeen(), clock, logger: createMemoryLogger(),
    fetch: async () => {
      if (state.failing) throw new FeedError('HTTP_STATUS', `${FEED.url} answered HTTP 503`, { status: 503 });
      return { status: 'ok', body: RSS };
    },
    parse: async () => ({ items: [] }),
    backoffBaseMs: 60_000, backoffMaxMs: 3600_000, newItemWindowHours: 6, seenRetentionDays: 30,
  });
  const health = createHealthNotices({ settings: healthNoticeSettings(settings), feedStates, platforms: PLATFORMS, clock, logger });
  const queued: Delivery[] = [];
  /** One poll, a step past any backoff; returns the notices it queued (the pipeline's settle, in order). */
  async function poll(opts: { crashBeforeMark?: boolean } = {}): Promise<Delivery[]> {
    now += 2 * 3600_000;
    const r = await poller.pollFeed(FEED);
    const plan = health.plan([r], new Map([[FEED.id, FEED]]), subs);
    queued.push(...plan.deliveries);
    await r.commit?.();
    if (!opts.crashBeforeMark) await plan.mark();
    return plan.deliveries;
  }
  return { poll, state, queued, feedStates, clock };
}

const channelsOf = (ds: Delivery[]) => ds.map((d) => `${d.channel.platform}:${d.channel.id}`);

describe('feed health notices: the decision over a run of polls', () => {
  it('N-1 failures: nothing; N: one per channel; N+5: still one; recovery: one; a new run: a new notice', async () => {
    const r = rig();
    expect(await r.poll()).toEqual([]);
    expect(await r.poll()).toEqual([]);
    const failing = await r.poll();
    // The subscribed, active channels on a platform with an output: not the watchlist-only, paused or foreign ones.
    expect(channelsOf(failing)).toEqual(['discord:111', 'slack:C1']);
    const n = failing[0]!.notice!;
    expect(n).toMatchObject({ state: 'failing', feedId: 'wire', name: 'Battery Wire', host: 'feeds.example:8443', failures: 3 });
    expect(n.lastError).toEqual({ code: 'HTTP_STATUS', message: 'https://feeds.example:8443/\u2026 answered HTTP 503' });
    expect(n.failingSince).toBe('2026-03-01T12:00:00.000Z');
    // Backoff after the third failure is 4 minutes: the notice says when the next attempt is.
    expect(n.nextAttemptAt).toBe(new Date(Date.parse('2026-03-01T16:00:00Z') + 4 * 60_000).toISOString());
    expect(JSON.stringify(failing)).not.toMatch(/hunter2|s3cret|private\/rss/);
    expect(failing[0]!.alert.id).toBe(failing[1]!.alert.id);

    for (let i = 0; i < 5; i++) expect(await r.poll()).toEqual([]);
    expect((await r.feedStates.get('wire'))?.consecutiveFailures).toBe(8);

    r.state.failing = false;
    const recovered = await r.poll();
    expect(channelsOf(recovered)).toEqual(['discord:111', 'slack:C1']);
    expect(recovered[0]!.notice).toMatchObject({ state: 'recovered', failingSince: n.failingSince, failures: 0 });
    expect(recovered[0]!.notice!.recoveredAt).toBe(r.clock.now().toISOString());
    expect(await r.poll()).toEqual([]);
    expect((await r.feedStates.get('wire'))?.healthNotice).toBeUndefined();

    r.state.failing = true;
    expect(await r.poll()).toEqual([]);
    expect(await r.poll()).toEqual([]);
    const again = await r.poll();
    expect(channelsOf(again)).toEqual(['discord:111', 'slack:C1']);
    expect(again[0]!.alert.id).not.toBe(failing[0]!.alert.id);
    expect(r.queued).toHaveLength(6);
  });

  it('a crash between queueing and marking builds the same notice again: the outbox id dedupes it', async () => {
    const r = rig({ enabled: true, after: 1, channels: [] });
    const first = await r.poll({ crashBeforeMark: true });
    const retry = await r.poll();
    expect(retry.map((d) => d.alert.id)).toEqual(first.map((d) => d.alert.id));
    expect(await r.poll()).toEqual([]);
  });

  it('the recovery goes to the channels told of the failure that are still subscribed, not to newcomers', async () => {
    const subs = [sub('discord', '111'), sub('slack', 'C1')];
    const r = rig({ enabled: true, after: 1, channels: [] }, createMemoryLogger(), subs);
    expect(channelsOf(await r.poll())).toEqual(['discord:111', 'slack:C1']);
    expect((await r.feedStates.get('wire'))?.healthNotice?.channels).toEqual([{ platform: 'discord', id: '111' }, { platform: 'slack', id: 'C1' }]);
    subs.push(sub('discord', '333'));
    subs.splice(1, 1, sub('slack', 'C1', { want: null }));
    r.state.failing = false;
    expect(channelsOf(await r.poll())).toEqual(['discord:111']);
  });

  it('configured admin channels get the notices instead of the subscribed ones; disabled: none at all', async () => {
    const logger = createMemoryLogger();
    const admin = rig({ enabled: true, after: 2, channels: ['slack:CADMIN', 'discord:999', 'slack:CADMIN', 'telegram:T9'] }, logger);
    expect(logger.lines.join('\n')).toContain('telegram:T9');
    await admin.poll();
    expect(channelsOf(await admin.poll())).toEqual(['slack:CADMIN', 'discord:999']);
    const off = rig({ enabled: false, after: 1, channels: [] });
    for (let i = 0; i < 3; i++) expect(await off.poll()).toEqual([]);
    off.state.failing = false;
    expect(await off.poll()).toEqual([]);
  });

  it('healthStep on states alone', () => {
    const base: FeedState = { feedId: 'f', primed: true, consecutiveFailures: 0 };
    expect(healthStep(base, 3)).toBeUndefined();
    expect(healthStep({ ...base, consecutiveFailures: 2, failingSince: 'a' }, 3)).toBeUndefined();
    expect(healthStep({ ...base, consecutiveFailures: 3, failingSince: 'a' }, 3)).toEqual({ kind: 'failing', failingSince: 'a' });
    const marked = { failingSince: 'a', sentAt: 'b' };
    expect(healthStep({ ...base, consecutiveFailures: 9, failingSince: 'a', healthNotice: marked }, 3)).toBeUndefined();
    // A mark left from an earlier run (its recovery never recorded) does not silence a new run.
    expect(healthStep({ ...base, consecutiveFailures: 3, failingSince: 'c', healthNotice: marked }, 3)).toEqual({ kind: 'failing', failingSince: 'c' });
    expect(healthStep({ ...base, healthNotice: marked }, 3)).toEqual({ kind: 'recovered', failingSince: 'a' });
    expect(noticeId({ state: 'failing', feedId: 'f', failingSince: 'a' })).not.toBe(noticeId({ state: 'recovered', feedId: 'f', failingSince: 'a' }));
  });

  it('shows a feed by its host only, and errors with every URL cut to its host', () => {
    expect(feedHost('https://u:p@news.example/rss?key=abc')).toBe('news.example');
    expect(feedHost('not a url')).toBe('(invalid URL)');
    expect(cleanErrorMessage('NETWORK: request to https://a.example/x?token=1 failed <- Error: via http://b.example:81/y#z', 'NETWORK'))
      .toBe('request to https://a.example/\u2026 failed <- Error: via http://b.example:81/\u2026');
    expect(cleanErrorMessage('x'.repeat(500), 'PARSE')).toHaveLength(200);
  });
});

describe('feed health notices: a source filter narrows who hears of a feed', () => {
  it('a channel filtered to other sources gets no notice; one filtered to this feed by id, tag or outlet does', () => {
    const feed = { ...FEED, tags: ['battery'] };
    const subs = [
      sub('discord', 'other', { filter: { sources: ['reuters'] } }),
      sub('discord', 'by-id', { filter: { sources: ['wire'] } }),
      sub('discord', 'by-tag', { filter: { sources: ['battery'] } }),
      sub('discord', 'by-outlet', { filter: { sources: ['battery wire'] } }),
      sub('discord', 'tickers-only', { filter: { tickers: ['ALB'] } }),
    ];
    expect(channelsOf(noticeTargets(feed, subs, { channels: [] }, PLATFORMS).map((channel) => ({ channel }) as Delivery)))
      .toEqual(['discord:by-id', 'discord:by-tag', 'discord:by-outlet', 'discord:tickers-only']);
  });
});
