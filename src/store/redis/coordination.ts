/**
 * The Coordinator on Redis. A lease is one key whose value is the owner's instance id and whose TTL is the
 * lease's life (Redis's own clock, so instances' clock skew does not matter). Taking a lease is SET NX PX;
 * renewing, releasing and completing are Lua scripts that act only if the caller still owns the key (fencing
 * on the instance id), so an instance that lost its lease cannot extend or drop the new owner's. The scripts are
 * in scripts.ts.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { RedisClient } from './client.js';
import type { Coordinator } from '../../core/ports.js';

export interface RedisCoordinatorOptions {
  client: RedisClient;
  /** Key prefix shared by every instance of one deployment, e.g. `lw:`. */
  prefix: string;
  /** Unique per running process; two processes with one id would share leases. Default host:pid:random. */
  instanceId?: string;
}

export const defaultInstanceId = (): string => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface RedisCoordinator extends Coordinator {
  /**
   * Who holds a lease now (for /metrics and tests): an instance id, `done:<id>`, or undefined. `key` is the
   * feed's `<feedId>:<intervalStartMs>`, the delivery key, or the leader name.
   */
  owner(kind: 'feed' | 'delivery' | 'leader', key: string): Promise<string | undefined>;
}

export function createRedisCoordinator(opts: RedisCoordinatorOptions): RedisCoordinator {
  const { client, prefix } = opts;
  const instanceId = opts.instanceId ?? defaultInstanceId();
  const feedKey = (feedId: string, start: number) => `${prefix}lease:feed:${feedId}:${start}`;
  const deliveryKey = (key: string) => `${prefix}lease:delivery:${key}`;
  const leaderKey = (name: string) => `${prefix}lease:leader:${name}`;
  const ms = (n: number) => Math.max(1, Math.round(n));

  const take = async (key: string, ttlMs: number) =>
    (await client.set(key, instanceId, { condition: 'NX', expiration: { type: 'PX', value: ms(ttlMs) } })) === 'OK';
  type Fenced = 'leaseRenew' | 'leaseRelease' | 'leaseComplete' | 'leaseLead';
  const fenced = async (script: Fenced, key: string, ...args: (string | number)[]) =>
    Number(await client[script]([key], [instanceId, ...args])) === 1;

  return {
    instanceId,
    claimFeedInterval: (feedId, start, ttlMs) => take(feedKey(feedId, start), ttlMs),
    completeFeedInterval: (feedId, start, holdMs) => fenced('leaseComplete', feedKey(feedId, start), ms(holdMs)),
    renewFeedInterval: (feedId, start, ttlMs) => fenced('leaseRenew', feedKey(feedId, start), ms(ttlMs)),
    claimDelivery: (key, ttlMs) => take(deliveryKey(key), ttlMs),
    renewDelivery: (key, ttlMs) => fenced('leaseRenew', deliveryKey(key), ms(ttlMs)),
    releaseDelivery: (key) => fenced('leaseRelease', deliveryKey(key)),
    completeDelivery: (key, holdMs) => fenced('leaseComplete', deliveryKey(key), ms(holdMs)),
    leader: (name, ttlMs) => fenced('leaseLead', leaderKey(name), ms(ttlMs)),
    resign: (name) => fenced('leaseRelease', leaderKey(name)),
    async owner(kind, key) {
      const k = kind === 'leader' ? leaderKey(key) : kind === 'delivery' ? deliveryKey(key) : `${prefix}lease:feed:${key}`;
      return (await client.get(k)) ?? undefined;
    },
  };
}
