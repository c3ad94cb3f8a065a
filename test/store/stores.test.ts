import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../src/store/open.js';
import type { Alert, Delivery, Subscription } from '../../src/core/types.js';
import { connectTestRedis, REDIS_URL, storeScratch } from '../redis/redis-env.js';

// Every Redis key this file writes lives under its own prefix, dropped at the end.
const { dir, prefix } = storeScratch('lw-store-', 'store', { redisOptional: true });

function alert(id: string, tickers: string[] = ['ALB']): Alert {
  return {
    id,
    item: { id, feedId: 'f', title: `t ${id}`, summary: '' },
    match: { lithiumSupply: true, score: 1, why: ['w'], tickers, figures: [], topics: ['lithium-supply'] },
    matchedAt: '2026-01-01T00:00:00.000Z',
  };
}
const delivery = (id: string, ch = 'c1'): Delivery => ({
  alert: alert(id), channel: { platform: 'discord', id: ch }, kind: 'supply', watched: [],
});

describe('SQLite store (real file)', () => {
  const url = `sqlite://${join(dir, 'a.sqlite')}`;

  it('keeps seen items, feed state and subscriptions across a restart', async () => {
    const s1 = await openStores(url);
    await s1.seen.markSeen('feed1', ['a', 'b'], new Date('2026-01-01T00:00:00Z'));
    await s1.feedStates.put({ feedId: 'feed1', primed: true, consecutiveFailures: 0, etag: '"x"' });
    const sub: Subscription = {
      channel: { platform: 'discord', id: '42' }, want: 'all', watchlist: [{ symbol: 'ALB' }],
      origin: 'command', updatedAt: '2026-01-01T00:00:00Z',
    };
    await s1.subscriptions.put(sub);
    await s1.close();

    const s2 = await openStores(url);
    expect(await s2.seen.unseen('feed1', ['a', 'c', 'b'])).toEqual(['c']);
    expect((await s2.feedStates.get('feed1'))?.etag).toBe('"x"');
    expect(await s2.subscriptions.list()).toEqual([sub]);
    expect(await s2.seen.prune('feed1', new Date('2026-01-02T00:00:00Z'))).toBe(2);
    expect(await s2.seen.unseen('feed1', ['a'])).toEqual(['a']);
    await s2.subscriptions.remove(sub.channel);
    expect(await s2.subscriptions.list()).toEqual([]);
    await s2.close();
  });

  it('comes with the one-process coordinator: a claim this process holds is refused until released', async () => {
    const s = await openStores(`sqlite://${join(dir, 'c.sqlite')}`, { instanceId: 'solo' });
    expect(s.coordinator.instanceId).toBe('solo');
    expect(await s.coordinator.claimFeedInterval('f', 0, 60_000)).toBe(true);
    expect(await s.coordinator.claimFeedInterval('f', 0, 60_000)).toBe(false);
    expect(await s.coordinator.claimDelivery('chan:discord:1', 60_000)).toBe(true);
    expect(await s.coordinator.claimDelivery('chan:discord:1', 60_000)).toBe(false);
    expect(await s.coordinator.releaseDelivery('chan:discord:1')).toBe(true);
    expect(await s.coordinator.claimDelivery('chan:discord:1', 60_000)).toBe(true);
    await s.close();
  });

  it('keeps the file in WAL mode, so a second process (the outbox CLI) reads while `start` writes', async () => {
    const file = join(dir, 'wal.sqlite');
    const writer = await openStores(`sqlite://${file}`);
    const reader = await openStores(`sqlite://${file}`);
    // SQLite's header bytes 18-19 are the read/write format versions: 2 and 2 mean WAL.
    expect([...readFileSync(file).subarray(18, 20)]).toEqual([2, 2]);
    const sub: Subscription = { channel: { platform: 'slack', id: 'C1' }, want: 'all', watchlist: [], origin: 'command', updatedAt: '2026-01-01T00:00:00Z' };
    await writer.subscriptions.put(sub);
    expect(await reader.subscriptions.list()).toEqual([sub]);
    await writer.close();
    await reader.close();
  });

  it('refuses an unknown STORE_URL scheme with a clear error', async () => {
    await expect(openStores('mysql://u:secret@x')).rejects.toThrow(/STORE_URL=mysql:\/\/\*\*\*@x is not a store.*sqlite:\/\/.*redis:\/\//);
  });
});

async function redisUp(): Promise<boolean> {
  try {
    const s = await openStores(REDIS_URL, { redisPrefix: prefix });
    await s.close();
    return true;
  } catch {
    return false;
  }
}

const engines: [string, () => string][] = [
  ['sqlite', () => `sqlite://${join(dir, `o-${Math.random()}.sqlite`)}`],
  ['redis', () => REDIS_URL],
];

for (const [name, makeUrl] of engines) {
  describe(`outbox and alert log on ${name}`, () => {
    let s: Stores;
    it('queues each delivery once, in order, and keeps dead letters apart', async () => {
      if (name === 'redis' && !(await redisUp())) {
        throw new Error('Redis is not reachable at ' + REDIS_URL + ' (.ci/run starts it)');
      }
      s = await openStores(makeUrl(), { redisPrefix: prefix });
      const tag = `${name}-${Date.now()}-${Math.random()}`;
      const d = [delivery(`${tag}-1`), delivery(`${tag}-2`), delivery(`${tag}-3`)];
      const created = await s.outbox.enqueue(d, new Date());
      expect(created.map((e) => e.delivery.alert.id)).toEqual(d.map((x) => x.alert.id));
      expect(await s.outbox.enqueue([d[0]!], new Date())).toEqual([]);
      const mine = (await s.outbox.pending(10_000)).filter((e) => e.id.startsWith(tag));
      expect(mine.map((e) => e.delivery.alert.id)).toEqual(d.map((x) => x.alert.id));

      const [first, second] = mine;
      await s.outbox.update({ ...first!, state: 'sent', messageId: 'm1' });
      await s.outbox.update({ ...second!, state: 'dead' });
      const after = (await s.outbox.pending(10_000)).filter((e) => e.id.startsWith(tag));
      expect(after.map((e) => e.delivery.alert.id)).toEqual([`${tag}-3`]);
      expect((await s.outbox.list('dead')).filter((e) => e.id.startsWith(tag)).map((e) => e.seq)).toEqual([second!.seq]);
      // A sent delivery is remembered: queueing it again is a no-op.
      expect(await s.outbox.enqueue([d[0]!], new Date())).toEqual([]);
      // Retrying a dead letter puts it back in its place, before later entries.
      await s.outbox.update({ ...second!, state: 'pending' });
      const retried = (await s.outbox.pending(10_000)).filter((e) => e.id.startsWith(tag));
      expect(retried.map((e) => e.delivery.alert.id)).toEqual([`${tag}-2`, `${tag}-3`]);

      await s.alerts.record(alert(`${tag}-a`, ['ALB', 'SQM']));
      await s.alerts.record(alert(`${tag}-b`, ['ALB']));
      expect((await s.alerts.latestFor('ALB', 2)).map((a) => a.id)).toEqual([`${tag}-b`, `${tag}-a`]);
      await s.close();
    });
  });
}

describe('redis:// opens the Redis primitives under the configured prefix', () => {
  it('shares leases between two instances and keeps every key under the prefix', async () => {
    const a = await openStores(REDIS_URL, { redisPrefix: prefix, instanceId: 'a' });
    const b = await openStores(REDIS_URL, { redisPrefix: prefix, instanceId: 'b' });
    try {
      expect([a.engine, a.location]).toEqual(['redis', REDIS_URL.replace(/\/$/, '')]);
      expect(await a.coordinator.claimFeedInterval('feed-x', 1000, 60_000)).toBe(true);
      expect(await b.coordinator.claimFeedInterval('feed-x', 1000, 60_000)).toBe(false);
      expect(await b.coordinator.leader('gw', 60_000)).toBe(true);
      expect(await a.coordinator.leader('gw', 60_000)).toBe(false);
      const admin = await connectTestRedis();
      expect(await admin.get(`${prefix}lease:feed:feed-x:1000`)).toBe('a');
      expect(await admin.get(`${prefix}lease:leader:gw`)).toBe('b');
      await admin.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('a poll commit on SQLite is one transaction', () => {
  it('when any write of it fails, no outbox entry is queued and no item is marked seen', async () => {
    const s = await openStores(`sqlite://${join(dir, 'tx.sqlite')}`);
    try {
      const at = new Date('2026-01-01T00:00:00Z');
      const feed = { feedId: 'f1', seenIds: ['x1'], at, pruneBefore: new Date(0), state: { feedId: 'f1', primed: true, consecutiveFailures: 0 } };
      // A channel without a platform breaks the outbox row's NOT NULL column after the first entry is written.
      const broken = { ...delivery('tx-2'), channel: { platform: null as unknown as string, id: 'c1' } };
      await expect(s.committer.commit([delivery('tx-1'), broken], at, [feed])).rejects.toThrow();
      expect(await s.outbox.pending(10)).toEqual([]);
      expect(await s.seen.unseen('f1', ['x1'])).toEqual(['x1']);
      expect(await s.feedStates.get('f1')).toBeUndefined();
      const made = await s.committer.commit([delivery('tx-1')], at, [feed]);
      expect(made.created.map((e) => e.id)).toEqual(['tx-1|discord:c1']);
      expect(await s.seen.unseen('f1', ['x1'])).toEqual([]);
    } finally {
      await s.close();
    }
  });
  it("marks the feed's interval claim done in the same transaction: a failed commit leaves it claimable once it expires", async () => {
    const file = `sqlite://${join(dir, 'tx-claim.sqlite')}`;
    const a = await openStores(file, { instanceId: 'a' });
    const b = await openStores(file, { instanceId: 'b' });
    try {
      const at = new Date('2026-01-01T00:00:00Z');
      const claim = { intervalStartMs: 60_000, holdMs: 60_000 };
      const feed = (id: string) => ({ feedId: id, seenIds: ['x1'], at, pruneBefore: new Date(0), state: { feedId: id, primed: true, consecutiveFailures: 0 }, claim });
      const broken = { ...delivery('tx-3'), channel: { platform: null as unknown as string, id: 'c1' } };
      expect(await a.coordinator.claimFeedInterval('ok', 60_000, 50)).toBe(true);
      expect(await a.coordinator.claimFeedInterval('failed', 60_000, 50)).toBe(true);
      expect(await a.committer.commit([delivery('tx-4')], at, [feed('ok')])).toMatchObject({ claimsLost: [] });
      await expect(a.committer.commit([broken], at, [feed('failed')])).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 120));
      // Done with the commit: held for holdMs, past the claim's TTL.
      expect(await b.coordinator.claimFeedInterval('ok', 60_000, 50)).toBe(false);
      // Rolled back with it: the claim expired undone, so another instance polls the feed.
      expect(await b.coordinator.claimFeedInterval('failed', 60_000, 50)).toBe(true);
      // And a commit whose claim is gone says so.
      expect(await a.committer.commit([], at, [feed('failed')])).toMatchObject({ claimsLost: ['failed'] });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
