/**
 * The Coordinator on Redis. A lease is one key whose value is the owner's instance id and whose TTL is the
 * lease's life (Redis's own clock, so instances' clock skew does not matter). Taking a lease is SET NX PX;
 * renewing, releasing and completing are Lua scripts that act only if the caller still owns the key (fencing
 * on the instance id), so an instance that lost its lease cannot extend or drop the new owner's.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Script, type RedisClient } from './client.js';
import type { Coordinator } from '../../core/ports.js';

// KEYS[1]: lease. ARGV: owner, ttl ms.
const RENEW = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
// KEYS[1]: lease. ARGV: owner.
const RELEASE = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
// KEYS[1]: lease. ARGV: owner, hold ms. The value changes to done:<owner>, so renew/release no longer match.
const COMPLETE = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], 'done:' .. ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`);
// KEYS[1]: lease. ARGV: owner, ttl ms. Acquire when free, renew when ours, refuse otherwise.
const LEAD = new Script(`
local cur = redis.call('GET', KEYS[1])
if not cur then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if cur == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

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
  const fenced = async (script: Script, key: string, ...args: (string | number)[]) =>
    Number(await script.run(client, [key], [instanceId, ...args])) === 1;

  return {
    instanceId,
    claimFeedInterval: (feedId, start, ttlMs) => take(feedKey(feedId, start), ttlMs),
    completeFeedInterval: (feedId, start, holdMs) => fenced(COMPLETE, feedKey(feedId, start), ms(holdMs)),
    renewFeedInterval: (feedId, start, ttlMs) => fenced(RENEW, feedKey(feedId, start), ms(ttlMs)),
    claimDelivery: (key, ttlMs) => take(deliveryKey(key), ttlMs),
    renewDelivery: (key, ttlMs) => fenced(RENEW, deliveryKey(key), ms(ttlMs)),
    releaseDelivery: (key) => fenced(RELEASE, deliveryKey(key)),
    completeDelivery: (key, holdMs) => fenced(COMPLETE, deliveryKey(key), ms(holdMs)),
    leader: (name, ttlMs) => fenced(LEAD, leaderKey(name), ms(ttlMs)),
    resign: (name) => fenced(RELEASE, leaderKey(name)),
    async owner(kind, key) {
      const k = kind === 'leader' ? leaderKey(key) : kind === 'delivery' ? deliveryKey(key) : `${prefix}lease:feed:${key}`;
      return (await client.get(k)) ?? undefined;
    },
  };
}
