/**
 * A request that hangs on one channel does not hold up another: while every post to channel A hangs (until the
 * adapter's timeout), channel B's queue is delivered, in order, before A's first request has even timed out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createDiscordAdapter } from '../../src/adapters/discord/rest-adapter.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { burst, openBench, type Bench } from './harness.js';

const A = '812000000000000001';
const B = '812000000000000002';
let fake: FakeDiscord;
let bench: Bench | undefined;
beforeAll(async () => {
  fake = await FakeDiscord.start({ guild: { channels: [{ id: A, name: 'hangs' }, { id: B, name: 'fine' }] } });
});
afterAll(async () => {
  await bench?.close();
  await fake.close();
});

it('channel B is delivered while channel A hangs', async () => {
  fake.failNext({ match: (r) => r.method === 'POST' && r.path === `/channels/${A}/messages`, action: { kind: 'hang' }, times: 1_000_000 });
  // A long timeout, so "before A timed out" leaves B seconds even on a loaded machine.
  const adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger: createMemoryLogger(), timeoutMs: 8_000, minChannelIntervalMs: 0 });
  bench = await openBench(adapter);
  const toA = burst(3, 'discord', [A]);
  const toB = burst(8, 'discord', [B]).slice(3).map((d, i) => ({ ...d, alert: { ...d.alert, id: `b-${i}` } }));
  // A's entries first in the queue: a deliverer that went entry by entry would be stuck behind them.
  await bench.stores.outbox.enqueue([...toA, ...toB], new Date());
  const started = Date.now();
  const drain = bench.deliverer.drain();
  while (fake.channelMessages(B).length < toB.length && Date.now() - started < 7_000) await new Promise((r) => setTimeout(r, 20));
  expect(fake.channelMessages(B)).toHaveLength(toB.length);
  // A's first post is still hanging (no retry yet), and nothing reached A.
  expect(fake.messagePosts(A)).toHaveLength(1);
  expect(fake.channelMessages(A)).toHaveLength(0);
  expect(Date.now() - started).toBeLessThan(8_000);
  fake.faults.clear();
  await drain;
}, 30_000);
