/**
 * The store ports' contract, run against every engine (SQLite through keyv, Redis primitives) so that both are
 * proven to behave the same. Each test opens a fresh, empty location.
 */
import { describe, expect, it } from 'vitest';
import type { Stores } from '../../src/store/open.js';
import type { Alert, Delivery, Subscription } from '../../src/core/types.js';

export interface StoreEngine {
  name: string;
  /** A new, empty store location (a SQLite file, a Redis key prefix). */
  fresh(): string;
  /** Opens the location; opening it again later must see the same data (a restart). */
  open(location: string): Promise<Stores>;
}

export function alert(id: string, tickers: string[] = ['ALB'], score = 1): Alert {
  return {
    id,
    item: { id, feedId: 'f', title: `t ${id}`, summary: '' },
    match: { lithiumSupply: true, score, why: ['w'], tickers, figures: [], topics: ['lithium-supply'] },
    matchedAt: '2026-01-01T00:00:00.000Z',
  };
}

export const delivery = (id: string, ch = 'c1', platform = 'discord'): Delivery => ({
  alert: alert(id), channel: { platform, id: ch }, kind: 'supply', watched: [],
});

const sub = (id: string, want: Subscription['want'] = 'all'): Subscription => ({
  channel: { platform: 'discord', id }, want, watchlist: [{ symbol: 'ALB' }], origin: 'command', updatedAt: '2026-01-01T00:00:00Z',
});

const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

export function storeContract(engine: StoreEngine): void {
  const withStores = async (fn: (s: Stores) => Promise<void>) => {
    const s = await engine.open(engine.fresh());
    try {
      await fn(s);
    } finally {
      await s.close();
    }
  };

  describe(`store contract on ${engine.name}`, () => {
    it('keeps seen items, feed state and subscriptions across a restart', async () => {
      const loc = engine.fresh();
      const s1 = await engine.open(loc);
      await s1.seen.markSeen('feed1', ['a', 'b'], T0);
      await s1.feedStates.put({ feedId: 'feed1', primed: true, consecutiveFailures: 0, etag: '"x"' });
      await s1.subscriptions.put(sub('42'));
      await s1.close();

      const s2 = await engine.open(loc);
      expect(await s2.seen.unseen('feed1', ['a', 'c', 'b'])).toEqual(['c']);
      expect((await s2.feedStates.get('feed1'))?.etag).toBe('"x"');
      expect(await s2.subscriptions.list()).toEqual([sub('42')]);
      expect(await s2.seen.prune('feed1', new Date('2026-01-02T00:00:00Z'))).toBe(2);
      expect(await s2.seen.unseen('feed1', ['a'])).toEqual(['a']);
      await s2.subscriptions.remove(sub('42').channel);
      expect(await s2.subscriptions.list()).toEqual([]);
      await s2.close();
    });

    it('seen: unseen keeps input order, feeds are apart, re-marking protects from prune, prune is strict', () =>
      withStores(async (s) => {
        expect(await s.seen.unseen('f1', [])).toEqual([]);
        await s.seen.markSeen('f1', ['a', 'b', 'c'], at(0));
        await s.seen.markSeen('f1', [], at(0));
        expect(await s.seen.unseen('f1', ['z', 'c', 'y', 'a', 'x'])).toEqual(['z', 'y', 'x']);
        expect(await s.seen.unseen('f2', ['a', 'b'])).toEqual(['a', 'b']);
        await s.seen.markSeen('f1', ['b'], at(5_000));
        // 'a' and 'c' are older than 5 s; 'b' was re-marked at exactly 5 s and "before" is strict.
        expect(await s.seen.prune('f1', at(5_000))).toBe(2);
        expect(await s.seen.unseen('f1', ['a', 'b', 'c'])).toEqual(['a', 'c']);
        expect(await s.seen.prune('f1', at(5_000))).toBe(0);
        expect(await s.seen.prune('nope', at(5_000))).toBe(0);
      }));

    it('seen: a large batch of ids round-trips', () =>
      withStores(async (s) => {
        const ids = Array.from({ length: 2_500 }, (_, i) => `item-${i}`);
        await s.seen.markSeen('big', ids.slice(0, 2_000), at(0));
        const unseen = await s.seen.unseen('big', ids);
        expect(unseen).toEqual(ids.slice(2_000));
      }));

    it('subscriptions: listed in first-put order, updated in place, re-added at the end after removal', () =>
      withStores(async (s) => {
        expect(await s.subscriptions.get(sub('none').channel)).toBeUndefined();
        for (const id of ['3', '1', '2']) await s.subscriptions.put(sub(id));
        await s.subscriptions.put(sub('1', 'watchlist'));
        expect((await s.subscriptions.list()).map((x) => [x.channel.id, x.want])).toEqual([['3', 'all'], ['1', 'watchlist'], ['2', 'all']]);
        await s.subscriptions.remove(sub('3').channel);
        await s.subscriptions.remove(sub('never-there').channel);
        await s.subscriptions.put(sub('3', null));
        expect((await s.subscriptions.list()).map((x) => [x.channel.id, x.want])).toEqual([['1', 'watchlist'], ['2', 'all'], ['3', null]]);
        expect(await s.subscriptions.get(sub('3').channel)).toEqual(sub('3', null));
      }));

    it('feed states: get, replace, list in first-put order', () =>
      withStores(async (s) => {
        expect(await s.feedStates.get('x')).toBeUndefined();
        await s.feedStates.put({ feedId: 'b', primed: false, consecutiveFailures: 0 });
        await s.feedStates.put({ feedId: 'a', primed: true, consecutiveFailures: 2, lastError: { at: 't', code: 'HTTP_500', message: 'm' } });
        await s.feedStates.put({ feedId: 'b', primed: true, consecutiveFailures: 0, etag: '"e"' });
        expect(await s.feedStates.list()).toEqual([
          { feedId: 'b', primed: true, consecutiveFailures: 0, etag: '"e"' },
          { feedId: 'a', primed: true, consecutiveFailures: 2, lastError: { at: 't', code: 'HTTP_500', message: 'm' } },
        ]);
      }));

    it('outbox: queues each delivery once, in order, and keeps dead letters apart', () =>
      withStores(async (s) => {
        const d = [delivery('1'), delivery('2'), delivery('3')];
        const created = await s.outbox.enqueue(d, T0);
        expect(created.map((e) => e.delivery.alert.id)).toEqual(['1', '2', '3']);
        expect(await s.outbox.enqueue([d[0]!], T0)).toEqual([]);
        const mine = await s.outbox.pending(10_000);
        expect(mine).toEqual(created);

        const [first, second] = mine;
        await s.outbox.update({ ...first!, state: 'sent', messageId: 'm1' });
        await s.outbox.update({ ...second!, state: 'dead' });
        expect((await s.outbox.pending(10_000)).map((e) => e.delivery.alert.id)).toEqual(['3']);
        expect((await s.outbox.list('dead')).map((e) => e.seq)).toEqual([second!.seq]);
        expect(await s.outbox.list('sent')).toEqual([]);
        // A sent delivery is remembered: queueing it again is a no-op.
        expect(await s.outbox.enqueue([d[0]!], T0)).toEqual([]);
        // Retrying a dead letter puts it back in its place, before later entries.
        await s.outbox.update({ ...second!, state: 'pending' });
        expect((await s.outbox.pending(10_000)).map((e) => e.delivery.alert.id)).toEqual(['2', '3']);
        expect(await s.outbox.list('dead')).toEqual([]);
      }));

    it('outbox: seq grows across calls, duplicates in one batch count once, limit is honoured, data round-trips exactly', () =>
      withStores(async (s) => {
        const a = await s.outbox.enqueue([delivery('a', 'c1'), delivery('a', 'c2'), delivery('a', 'c1')], T0);
        expect(a.map((e) => e.id)).toEqual(['a|discord:c1', 'a|discord:c2']);
        const odd = { ...delivery('b', 'c1', 'slack'), alert: alert('b', ['PLS.AX', 'ALB'], 0.8333333333333334) };
        const b = await s.outbox.enqueue([odd], at(1_000));
        expect(b).toHaveLength(1);
        expect(b[0]!.seq).toBeGreaterThan(a[1]!.seq);
        expect(a[1]!.seq).toBeGreaterThan(a[0]!.seq);
        expect(b[0]).toEqual({
          id: 'b|slack:c1', seq: b[0]!.seq, delivery: odd, state: 'pending', attempts: 0,
          createdAt: '2026-01-01T00:00:01.000Z', nextAttemptAt: '2026-01-01T00:00:01.000Z',
        });
        expect(await s.outbox.pending(2)).toEqual(a);
        expect(await s.outbox.pending(0)).toEqual([]);
        expect((await s.outbox.pending(10))[2]).toEqual(b[0]);

        // A retry keeps the entry in its place with its new attempt count and time.
        const retry = { ...a[0]!, attempts: 1, nextAttemptAt: at(60_000).toISOString(), lastError: { at: 'x', code: 'HTTP_502', message: 'bad gateway' } };
        await s.outbox.update(retry);
        expect(await s.outbox.pending(10)).toEqual([retry, a[1], b[0]]);
        expect(await s.outbox.list('pending')).toEqual([retry, a[1], b[0]]);
      }));

    it('outbox: pendingFor gives one channel in enqueue order, without other channels or entries that left pending', () =>
      withStores(async (s) => {
        const c1 = { platform: 'discord', id: 'c1' };
        const created = await s.outbox.enqueue(
          [delivery('1', 'c1'), delivery('2', 'c2'), delivery('3', 'c1'), delivery('4', 'c1', 'slack'), delivery('5', 'c1'), delivery('6', 'c1')],
          T0,
        );
        const ids = (es: { delivery: Delivery }[]) => es.map((e) => e.delivery.alert.id);
        // Same channel id on another platform is another channel.
        expect(ids(await s.outbox.pendingFor(c1, 10))).toEqual(['1', '3', '5', '6']);
        expect(ids(await s.outbox.pendingFor({ platform: 'slack', id: 'c1' }, 10))).toEqual(['4']);
        expect(await s.outbox.pendingFor({ platform: 'discord', id: 'none' }, 10)).toEqual([]);
        expect(await s.outbox.pendingFor(c1, 0)).toEqual([]);
        expect(ids(await s.outbox.pendingFor(c1, 2))).toEqual(['1', '3']);
        // Entries come back whole, exactly as pending() gives them.
        expect(await s.outbox.pendingFor(c1, 1)).toEqual([created[0]]);

        const [e1, , e3, , e5] = created;
        await s.outbox.update({ ...e1!, state: 'sent', messageId: 'm1' });
        await s.outbox.update({ ...e3!, state: 'dead' });
        const retry = { ...e5!, attempts: 1, nextAttemptAt: at(60_000).toISOString() };
        await s.outbox.update(retry);
        expect(ids(await s.outbox.pendingFor(c1, 10))).toEqual(['5', '6']);
        expect((await s.outbox.pendingFor(c1, 1))[0]).toEqual(retry);
        expect(ids(await s.outbox.pendingFor(c1, 1))).toEqual(['5']);
        // A retried dead letter goes back to its place in its channel's queue.
        await s.outbox.update({ ...e3!, state: 'pending' });
        expect(ids(await s.outbox.pendingFor(c1, 10))).toEqual(['3', '5', '6']);
        expect(ids(await s.outbox.pendingFor({ platform: 'discord', id: 'c2' }, 10))).toEqual(['2']);
      }));

    it('outbox: pendingFor reaches a channel queued behind more than `limit` entries of others', () =>
      withStores(async (s) => {
        const busy = Array.from({ length: 40 }, (_, i) => delivery(`b${i}`, `busy${i % 4}`));
        await s.outbox.enqueue(busy, T0);
        await s.outbox.enqueue([delivery('q1', 'quiet'), delivery('b40', 'busy0'), delivery('q2', 'quiet')], at(1_000));
        const quiet = { platform: 'discord', id: 'quiet' };
        expect((await s.outbox.pending(20)).some((e) => e.delivery.channel.id === 'quiet')).toBe(false);
        expect((await s.outbox.pendingFor(quiet, 20)).map((e) => e.delivery.alert.id)).toEqual(['q1', 'q2']);
        expect((await s.outbox.pendingFor(quiet, 1)).map((e) => e.delivery.alert.id)).toEqual(['q1']);
        // A busy channel's tail beyond the global limit is there too, in order.
        const busy0 = await s.outbox.pendingFor({ platform: 'discord', id: 'busy0' }, 100);
        expect(busy0.map((e) => e.delivery.alert.id)).toEqual([...Array.from({ length: 10 }, (_, i) => `b${i * 4}`), 'b40']);
        expect(busy0.map((e) => e.seq)).toEqual([...busy0.map((e) => e.seq)].sort((a, b) => a - b));
      }));

    it('alert log: newest first per symbol, re-recording moves to the front, capped at 20', () =>
      withStores(async (s) => {
        await s.alerts.record(alert('a', ['ALB', 'SQM']));
        await s.alerts.record(alert('b', ['ALB']));
        expect((await s.alerts.latestFor('ALB', 2)).map((x) => x.id)).toEqual(['b', 'a']);
        expect((await s.alerts.latestFor('SQM', 5)).map((x) => x.id)).toEqual(['a']);
        expect(await s.alerts.latestFor('NONE', 5)).toEqual([]);
        await s.alerts.record(alert('a', ['ALB', 'SQM']));
        expect((await s.alerts.latestFor('ALB', 5)).map((x) => x.id)).toEqual(['a', 'b']);
        for (let i = 0; i < 25; i++) await s.alerts.record(alert(`n${i}`, ['LAC']));
        const lac = await s.alerts.latestFor('LAC', 100);
        expect(lac.map((x) => x.id)).toEqual(Array.from({ length: 20 }, (_, i) => `n${24 - i}`));
        expect(lac[0]).toEqual(alert('n24', ['LAC']));
      }));

    it('alert log: last delivery time per channel and overall', () =>
      withStores(async (s) => {
        const c1 = { platform: 'discord', id: '1' };
        const c2 = { platform: 'slack', id: '1' };
        expect(await s.alerts.lastDeliveredAt()).toBeUndefined();
        expect(await s.alerts.lastDeliveredAt(c1)).toBeUndefined();
        await s.alerts.markDelivered(c1, '2026-01-01T00:00:01.000Z');
        await s.alerts.markDelivered(c2, '2026-01-01T00:00:02.000Z');
        await s.alerts.markDelivered(c1, '2026-01-01T00:00:03.000Z');
        expect(await s.alerts.lastDeliveredAt(c1)).toBe('2026-01-01T00:00:03.000Z');
        expect(await s.alerts.lastDeliveredAt(c2)).toBe('2026-01-01T00:00:02.000Z');
        expect(await s.alerts.lastDeliveredAt()).toBe('2026-01-01T00:00:03.000Z');
      }));
  });
}
