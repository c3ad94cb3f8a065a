/**
 * Every Lua script the Redis stores run, registered on the client (`createClient({ scripts })`), so each is a
 * client method: the client sends EVALSHA and falls back to EVAL on NOSCRIPT by itself, and the scripts can be
 * queued in a MULTI like any command. A script runs atomically on the server: nothing else runs between its steps.
 * Each is called as `client.<name>(keys, args)`.
 */
import { defineScript, type CommandParser } from '@redis/client';

type Arg = string | number;

/** A script called as `client.<name>(keys, args)`: any number of keys, then string or number arguments. */
export function script<Reply>(SCRIPT: string) {
  return defineScript({
    SCRIPT,
    parseCommand(parser: CommandParser, keys: readonly string[], args: readonly Arg[] = []) {
      // numkeys then the keys, so that the number of keys can differ from call to call.
      parser.pushKeysLength([...keys]);
      for (const a of args) parser.push(String(a));
    },
    transformReply: undefined as unknown as () => Reply,
  });
}

/** OrderedJsonHash.put. KEYS: data hash, order zset, order counter. ARGV: field, json. */
const orderedPut = script<number>(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
end
return 1
`);

/** KEYS: timestamps to raise. ARGV[1]: an ISO time. Keeps the latest, whichever instance writes last. */
const setMax = script<number>(`
for _, key in ipairs(KEYS) do
  local cur = redis.call('GET', key)
  if not cur or cur < ARGV[1] then redis.call('SET', key, ARGV[1]) end
end
return 1
`);

/** KEYS[1]: lease. ARGV: owner, ttl ms. Extends the lease only while the caller owns it. */
const leaseRenew = script<number>(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/** KEYS[1]: lease. ARGV: owner. A holder whose lease expired must not drop the next holder's. */
const leaseRelease = script<number>(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** KEYS[1]: lease. ARGV: owner, hold ms. The value changes to done:<owner>, so renew/release no longer match. */
const leaseComplete = script<number>(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], 'done:' .. ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`);

/** KEYS[1]: lease. ARGV: owner, ttl ms. Acquire when free, renew when ours, refuse otherwise. */
const leaseLead = script<number>(`
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

/*
 * KEYS: seq counter, pending zset, then per delivery its entry key and its channel's pending zset. ARGV: per
 * delivery id, head, tail. The entry's JSON is head .. seq .. tail, so the script never decodes or re-encodes the
 * payload (cjson would round numbers to 14 digits). Returns each delivery's new seq, or 0 when it existed already.
 */
const outboxEnqueue = script<number[]>(`
local out = {}
local j = 0
for i = 3, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local seq = redis.call('INCR', KEYS[1])
    redis.call('SET', KEYS[i], ARGV[j + 2] .. seq .. ARGV[j + 3])
    redis.call('ZADD', KEYS[2], seq, ARGV[j + 1])
    redis.call('ZADD', KEYS[i + 1], seq, ARGV[j + 1])
    out[#out + 1] = seq
  else
    out[#out + 1] = 0
  end
  j = j + 3
end
return out
`);

/*
 * KEYS: entry key, pending zset, dead zset, the entry's channel zset. ARGV: json, state, seq, id, sent retention ms.
 * 'sent' is final: a late write from an instance that lost its claim cannot put a sent entry back in the queue.
 * Returns 1 when written, 0 when refused.
 */
const outboxUpdate = script<number>(`
local cur = redis.call('GET', KEYS[1])
if cur and ARGV[2] ~= 'sent' then
  local ok, old = pcall(cjson.decode, cur)
  if ok and type(old) == 'table' and old.state == 'sent' then return 0 end
end
if ARGV[2] == 'sent' then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[5])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
if ARGV[2] == 'pending' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
else
  redis.call('ZREM', KEYS[2], ARGV[4])
  redis.call('ZREM', KEYS[4], ARGV[4])
end
if ARGV[2] == 'dead' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4]) else redis.call('ZREM', KEYS[3], ARGV[4]) end
return 1
`);

/*
 * KEYS[1]: story placement lease, KEYS[2]: story put counter. ARGV: token, ttl ms. The counter is read in the step
 * that takes the lease, so no put can fall between the two. -1: the lease is held by someone else.
 */
const placementClaim = script<number>(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return tonumber(redis.call('GET', KEYS[2]) or '0')
end
return -1
`);

export const SCRIPTS = {
  orderedPut,
  setMax,
  leaseRenew,
  leaseRelease,
  leaseComplete,
  leaseLead,
  outboxEnqueue,
  outboxUpdate,
  placementClaim,
};
