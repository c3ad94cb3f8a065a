/**
 * Fault injection: 200 alerts to 20 channels while 30% of chat API calls fail (500, 502, timeouts, 429 with
 * retry-after, and timeouts where the platform DID store the message). The real adapters talk to the loopback
 * fakes; the real deliverer drains a real SQLite outbox. Every alert must land exactly once, in order per channel.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createDiscordAdapter, deliveryNonce } from '../../src/adapters/discord/rest-adapter.js';
import { createSlackAdapter, slackDeliveryId } from '../../src/adapters/slack/adapter.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { seeded } from '../fakes/discord/faults.js';
import { FakeSlack, type Fault } from '../fakes/slack/fake-slack.js';
import { burst, drainUntilEmpty, duplicates, firstOccurrences, openBench, type Bench } from './harness.js';

const ALERTS = 200;
const discordChannels = Array.from({ length: 20 }, (_, i) => String(811000000000000000n + BigInt(i + 1)));
const slackChannels = Array.from({ length: 20 }, (_, i) => `C0CHAN${String(i + 1).padStart(2, '0')}`);

let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('Discord: 30% of message posts fail', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start({ guild: { channels: discordChannels.map((id, i) => ({ id, name: `alerts-${i + 1}` })) } });
  });
  afterAll(async () => fake.close());

  it('delivers 200 alerts to 20 channels exactly once, in order per channel; the nonce absorbs commit-then-hang', async () => {
    fake.chaos({
      rate: 0.3,
      seed: 7,
      actions: [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
        { kind: 'hang' },
        { kind: 'commit-then-hang' },
        { kind: 'rate-limit', retryAfterSec: 0.2 },
      ],
    });
    const adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger: createMemoryLogger(), timeoutMs: 300, minChannelIntervalMs: 0 });
    bench = await openBench(adapter);
    const deliveries = burst(ALERTS, 'discord', discordChannels);
    await bench.stores.outbox.enqueue(deliveries, new Date());
    const rounds = await drainUntilEmpty(bench);
    fake.chaos(undefined);

    let stored = 0;
    let committedThenResent = 0;
    for (const ch of discordChannels) {
      const want = deliveries.filter((d) => d.channel.id === ch).map((d) => deliveryNonce(d.alert.id, ch));
      const got = fake.channelMessages(ch);
      expect(got.map((m) => m.nonce)).toEqual(want);
      stored += got.length;
      // Resends of a message Discord had already stored: answered from the nonce, not stored again.
      for (const m of got) committedThenResent += fake.messagePosts(ch).filter((r) => (r.body as { nonce?: string }).nonce === m.nonce && r.at > m.at).length;
    }
    const posts = fake.messagePosts().length;
    expect(stored).toBe(ALERTS);
    expect(await bench.stores.outbox.list('dead')).toEqual([]);
    expect(posts - ALERTS).toBeGreaterThanOrEqual(40); // the chaos really bit: ≥ 40 failed calls
    expect(committedThenResent).toBeGreaterThan(0); // and the interesting case happened
    console.info(`[faults] discord: ${posts} POSTs for ${ALERTS} alerts (${posts - ALERTS} failed), ${committedThenResent} resends of committed messages deduped by nonce, 0 duplicates, ${rounds} drains`);
  }, 60_000);
});

describe('Slack: 30% of API calls fail', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(async () => fake.close());
  afterEach(() => fake.reset());

  /** Seeded faults on every API call; counts the delays that stored a post the client never heard about. */
  function injectChaos(seed: number) {
    const rand = seeded(seed);
    const counts = { calls: 0, faults: 0, committedTimeouts: 0 };
    const kinds: Fault[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'drop' },
      // Far past the client's timeout, which is itself far past a normal answer even on a loaded machine.
      { kind: 'delay', ms: 2_500 },
      { kind: 'ratelimit', retryAfterSec: 1 },
    ];
    fake.faultPolicy = (method) => {
      counts.calls++;
      if (rand() >= 0.3) return undefined;
      counts.faults++;
      const f = kinds[Math.floor(rand() * kinds.length)]!;
      if (f.kind === 'delay' && method === 'chat.postMessage') counts.committedTimeouts++;
      return f;
    };
    return counts;
  }

  async function run(seed: number) {
    const counts = injectChaos(seed);
    const slack = createSlackAdapter({ token: 'xoxb-0000-fake-bot-token', apiUrl: fake.apiUrl, logger: createMemoryLogger(), timeoutMs: 1_000 });
    // Pacing is proven in pacing.test.ts; here it would only make the run slow.
    bench = await openBench({ ...slack, minChannelIntervalMs: 0 });
    const deliveries = burst(ALERTS, 'slack', slackChannels);
    await bench.stores.outbox.enqueue(deliveries, new Date());
    await drainUntilEmpty(bench);
    fake.faultPolicy = undefined;
    const perChannel = slackChannels.map((ch) => ({
      want: deliveries.filter((d) => d.channel.id === ch).map((d) => slackDeliveryId(d)),
      got: fake.postsTo(ch).map((m) => ((m.body.metadata as { event_payload?: { delivery_id?: string } } | undefined)?.event_payload?.delivery_id ?? '?')),
    }));
    return { counts, stats: slack.stats, perChannel, dups: perChannel.reduce((n, c) => n + duplicates(c.got), 0) };
  }

  it('delivers 200 alerts exactly once, in order; timeouts that did post are found in history, not reposted', async () => {
    const r = await run(11);
    for (const c of r.perChannel) expect(c.got).toEqual(c.want);
    expect(r.dups).toBe(0);
    expect(await bench!.stores.outbox.list('dead')).toEqual([]);
    expect(r.counts.faults).toBeGreaterThanOrEqual(40);
    expect(r.counts.committedTimeouts).toBeGreaterThan(0);
    // Each post that Slack stored but whose answer timed out was found by the history check, exactly once.
    expect(r.stats.found).toBe(r.counts.committedTimeouts);
    expect(r.stats.refused).toBe(0);
    console.info(`[faults] slack: ${r.counts.calls} calls, ${r.counts.faults} failed, ${r.counts.committedTimeouts} posted-then-timed-out, ${r.stats.historyChecks} history checks, ${r.stats.found} found, 0 duplicates`);
  }, 90_000);

  it('without the history scopes every posted-then-timed-out send shows twice (counted), and nothing is lost', async () => {
    fake.scopes.delete('channels:history');
    const r = await run(11);
    for (const c of r.perChannel) expect(firstOccurrences(c.got)).toEqual(c.want);
    expect(r.stats.found).toBe(0);
    expect(r.stats.refused).toBeGreaterThan(0);
    expect(r.counts.committedTimeouts).toBeGreaterThan(0);
    expect(r.dups).toBe(r.counts.committedTimeouts);
    console.info(`[faults] slack without history scope: ${r.counts.committedTimeouts} posted-then-timed-out → ${r.dups} duplicates, ${r.stats.refused} refused history checks`);
  }, 90_000);
});
