/**
 * A subscription's threads setting (issue 17.3) is a field of the stored Subscription (JSON on both engines, so no
 * migration): it survives a reopen on SQLite (a real file) and on Redis (real server, a prefix of its own), and
 * clearing it leaves no trace.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/core/types.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { openRedisStores } from '../../src/store/redis/open.js';
import { REDIS_URL, storeScratch } from '../redis/redis-env.js';

const { dir, prefix } = storeScratch('lw-threads-store-', 'threads', { redisOptional: true });

const engines: { name: string; open: () => Promise<Stores> }[] = [
  { name: 'sqlite', open: () => openStores(`sqlite://${join(dir, 'threads.sqlite')}`) },
  { name: 'redis', open: () => openRedisStores(REDIS_URL, { prefix }) },
];

describe.each(engines)('threads setting on $name', ({ open }) => {
  it('is kept across a reopen, and removed when cleared', async () => {
    const sub: Subscription = {
      channel: { platform: 'slack', id: 'C0THREADS', workspace: 'T0' }, want: 'lithium-supply', watchlist: [],
      origin: 'command', updatedAt: '2026-12-01T00:00:00.000Z', threads: { mode: 'on', broadcast: true },
    };
    const a = await open();
    await a.subscriptions.put(sub);
    await a.close();
    const b = await open();
    expect(await b.subscriptions.get(sub.channel)).toEqual(sub);
    const { threads: _threads, ...cleared } = sub;
    await b.subscriptions.put(cleared);
    await b.close();
    const c = await open();
    expect(await c.subscriptions.get(sub.channel)).toEqual(cleared);
    expect(await c.subscriptions.get(sub.channel)).not.toHaveProperty('threads');
    await c.close();
  });
});
