/**
 * The digest scheduler on a real SQLite store with an injected clock, ticked minute by minute across London's
 * daylight-saving changes: a daily digest goes out at its local time once a day (not twice in October's repeated
 * hour, and at the right instant in March); hourly at the top of each hour; quiet hours hold realtime alerts until
 * they end. The last test runs the real minute timer under vi.useFakeTimers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createDigests, startDigestTimer, type Digests } from '../../src/app/digests.js';
import type { Alert, Delivery, DigestSettings, Subscription } from '../../src/core/types.js';
import { openStores, type Stores } from '../../src/store/open.js';

const CH = { platform: 'discord', id: '42' };
const MIN = 60_000;

function delivery(n: number, at: string): Delivery {
  const alert: Alert = {
    id: `wire|${n}`, item: { id: String(n), feedId: 'wire', title: `Story ${n}`, summary: '', link: `https://wire.example/${n}`, source: 'Wire' },
    match: { lithiumSupply: true, score: 1, why: [], tickers: ['ALB'], figures: [{ kind: 'move', symbol: 'ALB', pct: n }], topics: [] }, matchedAt: at,
  };
  return { alert, channel: CH, kind: 'supply', watched: [] };
}

describe('digest scheduling', () => {
  let dir: string;
  let stores: Stores;
  let now = 0;
  let digests: Digests;
  const clock = { now: () => new Date(now) };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-digests-'));
    stores = await openStores(`sqlite://${join(dir, 's.sqlite')}`);
    digests = createDigests({ store: stores.digests, subscriptions: stores.subscriptions, outbox: stores.outbox, clock, logger: createMemoryLogger() });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function subscribe(digest: DigestSettings, since: string): Promise<Subscription> {
    const sub: Subscription = { channel: CH, want: 'all', watchlist: [], origin: 'command', updatedAt: since, digest };
    await stores.subscriptions.put(sub);
    return sub;
  }

  async function hold(sub: Subscription, n: number, at: string): Promise<Delivery[]> {
    now = Date.parse(at);
    return digests.hold([delivery(n, at)], [sub]);
  }

  /** Ticks every minute in [from, to); returns when each digest fired and what it listed. */
  async function tickEveryMinute(from: string, to: string): Promise<{ at: string; titles: string[]; mode: string }[]> {
    const fired: { at: string; titles: string[]; mode: string }[] = [];
    for (now = Date.parse(from); now < Date.parse(to); now += MIN) {
      for (const d of await digests.dueDigests(new Date(now))) {
        fired.push({ at: new Date(now).toISOString(), titles: d.digest!.stories.map((s) => s.title), mode: d.digest!.mode });
      }
    }
    return fired;
  }

  it('daily 01:30 Europe/London at the end of October: once at the first 01:30 (00:30Z), not again in the repeated hour', async () => {
    const sub = await subscribe({ mode: 'daily', at: '01:30', tz: 'Europe/London' }, '2026-10-24T12:00:00.000Z');
    expect(await hold(sub, 1, '2026-10-24T20:00:00.000Z')).toEqual([]);
    const first = await tickEveryMinute('2026-10-24T23:00:00Z', '2026-10-25T00:45:00Z');
    expect(first).toEqual([{ at: '2026-10-25T00:30:00.000Z', titles: ['Story 1'], mode: 'daily' }]);
    // A story arrives between the two 01:30s: it waits for the next day's 01:30 (GMT, 01:30Z), not the second one today.
    await hold(sub, 2, '2026-10-25T00:50:00.000Z');
    expect(await tickEveryMinute('2026-10-25T00:50:00Z', '2026-10-26T01:29:00Z')).toEqual([]);
    expect(await tickEveryMinute('2026-10-26T01:29:00Z', '2026-10-26T03:00:00Z')).toEqual([{ at: '2026-10-26T01:30:00.000Z', titles: ['Story 2'], mode: 'daily' }]);
  });

  it('daily 08:00 Europe/London at the end of March: 08:00Z on Saturday, 07:00Z on Sunday (BST), once each', async () => {
    const sub = await subscribe({ mode: 'daily', at: '08:00', tz: 'Europe/London' }, '2026-03-27T20:00:00.000Z');
    await hold(sub, 1, '2026-03-28T06:00:00.000Z');
    const sat = await tickEveryMinute('2026-03-28T06:00:00Z', '2026-03-28T12:00:00Z');
    await hold(sub, 2, '2026-03-28T12:00:00.000Z');
    await hold(sub, 3, '2026-03-29T06:30:00.000Z');
    const sun = await tickEveryMinute('2026-03-29T00:00:00Z', '2026-03-29T12:00:00Z');
    expect(sat).toEqual([{ at: '2026-03-28T08:00:00.000Z', titles: ['Story 1'], mode: 'daily' }]);
    expect(sun).toEqual([{ at: '2026-03-29T07:00:00.000Z', titles: ['Story 2', 'Story 3'], mode: 'daily' }]);
  });

  it('daily at a time that does not exist on the March change day (01:30) goes out as the clocks pass it, once', async () => {
    const sub = await subscribe({ mode: 'daily', at: '01:30', tz: 'Europe/London' }, '2026-03-28T12:00:00.000Z');
    await hold(sub, 1, '2026-03-28T20:00:00.000Z');
    expect(await tickEveryMinute('2026-03-28T23:00:00Z', '2026-03-29T06:00:00Z')).toEqual([{ at: '2026-03-29T01:30:00.000Z', titles: ['Story 1'], mode: 'daily' }]);
  });

  it('hourly: at the top of each hour with something held, nothing in between, nothing for an empty hour', async () => {
    const sub = await subscribe({ mode: 'hourly', tz: 'Europe/London' }, '2026-06-01T09:05:00.000Z');
    await hold(sub, 1, '2026-06-01T09:10:00.000Z');
    await hold(sub, 2, '2026-06-01T09:40:00.000Z');
    const a = await tickEveryMinute('2026-06-01T09:40:00Z', '2026-06-01T10:30:00Z');
    await hold(sub, 3, '2026-06-01T10:30:00.000Z');
    const b = await tickEveryMinute('2026-06-01T10:30:00Z', '2026-06-01T13:00:00Z');
    expect(a).toEqual([{ at: '2026-06-01T10:00:00.000Z', titles: ['Story 1', 'Story 2'], mode: 'hourly' }]);
    expect(b).toEqual([{ at: '2026-06-01T11:00:00.000Z', titles: ['Story 3'], mode: 'hourly' }]);
  });

  it('quiet hours 22:00-07:00: realtime alerts inside are held and go out as one digest at 07:00 local; outside they pass', async () => {
    const sub = await subscribe({ mode: 'realtime', tz: 'Europe/London', quiet: { from: '22:00', to: '07:00' } }, '2026-06-01T12:00:00.000Z');
    expect(await hold(sub, 1, '2026-06-01T20:00:00.000Z')).toHaveLength(1); // 21:00 BST: sent at once
    expect(await hold(sub, 2, '2026-06-01T22:00:00.000Z')).toEqual([]); // 23:00 BST: held
    expect(await hold(sub, 3, '2026-06-02T04:00:00.000Z')).toEqual([]); // 05:00 BST: held
    expect(await tickEveryMinute('2026-06-01T21:00:00Z', '2026-06-02T08:00:00Z')).toEqual([
      { at: '2026-06-02T06:00:00.000Z', titles: ['Story 2', 'Story 3'], mode: 'quiet' },
    ]);
  });

  it('a daily digest postponed by quiet hours goes out when they end', async () => {
    const sub = await subscribe({ mode: 'daily', at: '06:00', tz: 'UTC', quiet: { from: '05:00', to: '07:30' } }, '2026-06-01T12:00:00.000Z');
    await hold(sub, 1, '2026-06-01T20:00:00.000Z');
    expect(await tickEveryMinute('2026-06-02T00:00:00Z', '2026-06-02T12:00:00Z')).toEqual([{ at: '2026-06-02T07:30:00.000Z', titles: ['Story 1'], mode: 'daily' }]);
  });

  it('the minute timer (fake timers) queues the daily digest once at its local time, into the outbox', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-10-24T23:58:00.000Z'));
    const realClock = { now: () => new Date() };
    const ds = createDigests({ store: stores.digests, subscriptions: stores.subscriptions, outbox: stores.outbox, clock: realClock, logger: createMemoryLogger() });
    const sub = await subscribe({ mode: 'daily', at: '01:30', tz: 'Europe/London' }, '2026-10-24T12:00:00.000Z');
    await ds.hold([delivery(7, '2026-10-24T23:58:00.000Z')], [sub]);
    // Each tick does real SQLite I/O: wait for it before the next minute, as a real minute would.
    const ticks: Promise<unknown>[] = [];
    const timer = startDigestTimer(ds, { logger: createMemoryLogger(), track: (p) => { ticks.push(p); return p; } });
    try {
      for (let m = 0; m < 180; m++) {
        await vi.advanceTimersByTimeAsync(MIN);
        await Promise.all(ticks.splice(0));
      }
    } finally {
      timer.stop();
    }
    const queued = await stores.outbox.list('pending');
    expect(queued.map((e) => [e.createdAt, e.delivery.digest?.stories.map((s) => s.title)])).toEqual([['2026-10-25T00:30:00.000Z', ['Story 7']]]);
  });
});
