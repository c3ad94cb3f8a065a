/**
 * Fetch statistics in the feed's stored state, on both engines (a real SQLite file, a real Redis under its own
 * prefix): the state round-trips with them through a reopen, and the real poller keeps them (last status, latency,
 * decayed poll/304/error counts) in the one write a poll already makes: a 304's put, a success's commit through the
 * PollCommitter, a failure's put.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { decayedStats, fetchStatsSummary, FETCH_STATS_TAU_MS, recordFetch } from '../../src/core/fetch-stats.js';
import type { FeedState } from '../../src/core/ports.js';
import { FeedError } from '../../src/feeds/errors.js';
import { createPoller, type FetchOutcome } from '../../src/feeds/poller.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { REDIS_URL, storeScratch } from '../redis/redis-env.js';

const { dir, prefix } = storeScratch('lw-fetch-stats-', 'fetchstats');

const RSS = '<rss><channel><item><guid>a</guid></item><item><guid>b</guid></item></channel></rss>';

describe('decayed counters', () => {
  it('add one per poll, fade with a one-day time constant, and settle near the polls of the last 24 h', () => {
    const t0 = new Date('2026-12-01T00:00:00Z');
    let s = recordFetch(undefined, { status: 304, latencyMs: 12.4, notModified: true, error: false }, t0);
    expect(s).toEqual({ lastStatus: 304, lastLatencyMs: 12, polls: 1, notModified: 1, errors: 0, countedAt: t0.toISOString() });
    s = recordFetch(s, { status: 'TIMEOUT', latencyMs: 10_000, notModified: false, error: true }, t0);
    expect(s).toMatchObject({ lastStatus: 'TIMEOUT', polls: 2, notModified: 1, errors: 1 });
    expect(decayedStats(s, new Date(t0.getTime() + FETCH_STATS_TAU_MS)).polls).toBeCloseTo(2 / Math.E, 3);
    // Two days of a poll a minute: close to 1440 (the polls of one day), 304 share exact.
    let m = recordFetch(undefined, { status: 304, latencyMs: 1, notModified: true, error: false }, t0);
    for (let i = 1; i < 2 * 1440; i++) m = recordFetch(m, { status: 304, latencyMs: 1, notModified: i % 4 !== 0, error: false }, new Date(t0.getTime() + i * 60_000));
    const sum = fetchStatsSummary(m, new Date(t0.getTime() + (2 * 1440 - 1) * 60_000));
    expect(sum.polls).toBeGreaterThan(1200);
    expect(sum.polls).toBeLessThan(1440);
    expect(sum.share304).toBeCloseTo(0.75, 2);
  });
});

function contract(name: string, open: () => Promise<Stores>) {
  describe(`fetch statistics in the feed state: ${name}`, () => {
    it('round-trip through put, get, list and a reopen', async () => {
      const state: FeedState = {
        feedId: 'rt', primed: true, consecutiveFailures: 0, etag: '"e1"', lastModified: 'Tue, 01 Dec 2026 00:00:00 GMT', itemCount: 20,
        lastPollAt: '2026-12-07T10:00:00.000Z',
        fetch: { lastStatus: 304, lastLatencyMs: 41, polls: 1439.123, notModified: 1400.5, errors: 2.25, countedAt: '2026-12-07T10:00:00.000Z' },
      };
      const a = await open();
      await a.feedStates.put(state);
      await a.feedStates.put({ feedId: 'rt-err', primed: true, consecutiveFailures: 1, fetch: { ...state.fetch!, lastStatus: 'TIMEOUT' } });
      expect(await a.feedStates.get('rt')).toEqual(state);
      await a.close();
      const b = await open();
      expect(await b.feedStates.get('rt')).toEqual(state);
      expect((await b.feedStates.list()).find((s) => s.feedId === 'rt-err')?.fetch?.lastStatus).toBe('TIMEOUT');
      await b.close();
    });

    it('the poller counts a 200, 304s and a failure in the writes it already makes', async () => {
      const s = await open();
      let now = new Date('2026-12-07T10:00:00Z');
      const answers: (FetchOutcome | Error)[] = [
        { status: 'ok', body: RSS, etag: '"v1"' },
        { status: 'not-modified' },
        { status: 'not-modified' },
        new FeedError('HTTP_STATUS', 'HTTP 503', { status: 503 }),
      ];
      const poller = createPoller({
        feedStates: s.feedStates, seen: s.seen, clock: { now: () => now }, logger: createMemoryLogger(),
        fetch: async () => {
          const a = answers.shift()!;
          if (a instanceof Error) throw a;
          return a;
        },
        parse: async () => ({ items: [{ id: 'a', feedId: 'p', title: 'A', summary: '' }, { id: 'b', feedId: 'p', title: 'B', summary: '' }] }),
        backoffBaseMs: 1, backoffMaxMs: 1, newItemWindowHours: 1, seenRetentionDays: 30,
      });
      const feed = { id: 'p', url: 'https://p.example/rss' };
      const first = await poller.pollFeed(feed);
      expect(first.outcome).toBe('primed');
      // The success's state is saved by the committer, with the batch's outbox entries.
      expect(await s.feedStates.get('p')).toBeUndefined();
      await s.committer.commit([], now, [first.pending!]);
      expect((await s.feedStates.get('p'))?.fetch).toMatchObject({ lastStatus: 200, polls: 1, notModified: 0, errors: 0 });
      for (let i = 0; i < 2; i++) {
        now = new Date(now.getTime() + 60_000);
        expect((await poller.pollFeed(feed)).outcome).toBe('not-modified');
      }
      const after304 = await s.feedStates.get('p');
      expect(after304).toMatchObject({ etag: '"v1"', itemCount: 2, fetch: { lastStatus: 304, notModified: expect.closeTo(2, 2) as number } });
      expect(after304!.fetch!.polls).toBeCloseTo(3, 2);
      now = new Date(now.getTime() + 60_000);
      expect((await poller.pollFeed(feed)).outcome).toBe('failed');
      const failed = (await s.feedStates.get('p'))!;
      expect(failed.fetch).toMatchObject({ lastStatus: 503, countedAt: now.toISOString() });
      expect(failed.fetch!.lastLatencyMs).toBeGreaterThanOrEqual(0);
      expect(fetchStatsSummary(failed.fetch!, now)).toEqual({ polls: 4, share304: expect.closeTo(0.5, 2) as number, errors: 1 });
      // In backoff nothing is fetched, and nothing counted.
      expect((await poller.pollFeed(feed)).outcome).toBe('backoff');
      expect((await s.feedStates.get('p'))?.fetch).toEqual(failed.fetch);
      await s.close();
    });
  });
}

contract('SQLite (real file)', () => openStores(`sqlite://${join(dir, 'a.sqlite')}`));
contract('Redis', () => openStores(REDIS_URL, { redisPrefix: prefix }));
