/**
 * `outbox` on pending entries: list says why each waits (last error, next attempt, or the earlier entry it is
 * behind); retry and drop select by id, by channel, or --all with --state; `poll --once` reports pending and dead
 * as the outbox holds them. The outbox is a real SQLite file; the poll runs the real CLI against the fake Discord.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outboxCommand } from '../../src/app/outbox-cli.js';
import { UserError } from '../../src/core/errors.js';
import { outboxId, type OutboxEntry } from '../../src/core/ports.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { COMPANIES, runCli, storiesFeed, writeConfig } from './cli-harness.js';
import { burst } from './harness.js';

const root = mkdtempSync(join(tmpdir(), 'lw-outbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let stores: Stores | undefined;
afterEach(async () => {
  await stores?.close();
  stores = undefined;
});

const NOW = new Date('2026-11-26T12:00:00.000Z');

/** Four entries: two pending on A (the first backing off after a 500), one pending on B, one dead on B. */
async function seeded(name: string): Promise<{ s: Stores; ids: string[] }> {
  const s = await openStores(`sqlite://${join(root, `${name}.sqlite`)}`);
  stores = s;
  const ds = burst(4, 'slack', ['C0A', 'C0B']).map((d, i) => ({ ...d, channel: { platform: 'slack', id: ['C0A', 'C0B', 'C0B', 'C0A'][i]! } }));
  const [a1, b1, b2, a2] = await s.outbox.enqueue(ds, new Date(NOW.getTime() - 60_000)) as [OutboxEntry, OutboxEntry, OutboxEntry, OutboxEntry];
  await s.outbox.update({ ...a1, attempts: 2, nextAttemptAt: new Date(NOW.getTime() + 90_000).toISOString(), lastError: { at: NOW.toISOString(), code: 'TRANSIENT', message: 'Slack answered HTTP 500 for chat.postMessage to C0A' } });
  await s.outbox.update({ ...b2, state: 'dead', attempts: 1, lastError: { at: NOW.toISOString(), code: 'msg_too_long', message: 'Slack rejected the message' } });
  return { s, ids: [a1.id, b1.id, b2.id, a2.id] };
}

async function run(s: Stores, args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await outboxCommand(s, args, (l) => lines.push(l), NOW);
  return lines;
}

describe('outbox list: why each pending entry waits', () => {
  it('shows the last error with its message, the next attempt, and the entry a later one waits behind', async () => {
    const { s } = await seeded('list');
    const text = (await run(s, ['list'])).join('\n');
    expect(text).toContain('pending: 3, dead letters: 1');
    expect(text).toMatch(/pending #1 slack:C0A attempts=2 last error TRANSIENT at \S+ next attempt in 90 s \(2026-11-26T12:01:30.000Z\)\n {8}why: Slack answered HTTP 500/);
    expect(text).toMatch(/pending #4 slack:C0A attempts=0 waits behind #1/);
    expect(text).toMatch(/pending #2 slack:C0B attempts=0 due now/);
    expect(text).toMatch(/dead +#3 slack:C0B attempts=1 last error msg_too_long/);
  });
});

describe('outbox retry / drop on pending entries', () => {
  it('retry by id makes a backing-off pending entry due now, keeping its unanswered-attempt mark', async () => {
    const { s, ids } = await seeded('retry-id');
    const before = (await s.outbox.list('pending')).find((e) => e.id === ids[0])!;
    await s.outbox.update({ ...before, inFlightSince: '2026-11-26T11:59:00.000Z' });
    expect(await run(s, ['retry', ids[0]!])).toEqual(['requeued 1 entries (1 pending, 0 dead)']);
    const after = (await s.outbox.list('pending')).find((e) => e.id === ids[0])!;
    expect(after).toMatchObject({ nextAttemptAt: NOW.toISOString(), attempts: 0, inFlightSince: '2026-11-26T11:59:00.000Z' });
  });

  it('retry --channel takes that channel\'s pending and dead entries; --all alone only dead letters', async () => {
    const { s, ids } = await seeded('retry-channel');
    expect(await run(s, ['retry', '--all'])).toEqual(['requeued 1 dead letter(s)']);
    expect((await s.outbox.list('dead'))).toEqual([]);
    expect(await run(s, ['retry', '--channel', 'slack:C0A'])).toEqual(['requeued 2 entries (2 pending, 0 dead)']);
    const due = (await s.outbox.list('pending')).filter((e) => Date.parse(e.nextAttemptAt) <= NOW.getTime()).map((e) => e.id);
    expect(due.sort()).toEqual([...ids].sort());
  });

  it('drop by channel and --all --state pending mark entries done (never queued again); nothing else changes', async () => {
    const { s, ids } = await seeded('drop');
    expect(await run(s, ['drop', '--channel', 'C0B', '--state', 'pending'])).toEqual(['dropped 1 entries (1 pending, 0 dead)']);
    expect((await s.outbox.list('pending')).map((e) => e.id).sort()).toEqual([ids[0]!, ids[3]!].sort());
    expect((await s.outbox.list('dead')).map((e) => e.id)).toEqual([ids[2]]);
    expect(await run(s, ['drop', '--all', '--state', 'pending'])).toEqual(['dropped 2 entries (2 pending, 0 dead)']);
    expect(await s.outbox.list('pending')).toEqual([]);
    expect((await s.outbox.list('dead')).map((e) => e.id)).toEqual([ids[2]]);
    // A dropped delivery is remembered: enqueueing it again creates nothing.
    const [d] = burst(1, 'slack', ['C0A']);
    expect(outboxId(d!)).toBe(ids[0]);
    expect(await s.outbox.enqueue([d!], NOW)).toEqual([]);
  });

  it('refuses an empty selection, an unknown state and no match, with a user error', async () => {
    const { s } = await seeded('bad');
    await expect(run(s, ['retry'])).rejects.toBeInstanceOf(UserError);
    await expect(run(s, ['drop', '--all', '--state', 'sent'])).rejects.toThrow(/--state must be/);
    await expect(run(s, ['retry', '--channel', 'slack:C0NONE'])).rejects.toThrow(/no dead letter matches/);
  });
});

describe('poll --once counts', () => {
  let fake: FakeDiscord;
  let feeds: FeedServer;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await fake.close();
    await feeds.close();
  });

  it('reports delivered, pending and dead as the outbox holds them after the run', async () => {
    const [ok, flaky] = fake.guild.channels.slice(0, 2).map((c) => c.id) as [string, string];
    feeds.route('/wire.rss', { body: storiesFeed(4) }); // stories 1,4 → PLS.AX (ok); 2 → ALB (flaky); 3 → SQM (none)
    const dir = writeConfig(join(root, 'poll'), feeds.url('/wire.rss'), [
      { platform: 'discord', channel: ok, symbol: COMPANIES[0].symbol },
      { platform: 'discord', channel: flaky, symbol: COMPANIES[1].symbol },
    ]);
    fake.failNext({ match: (r) => r.method === 'POST' && r.path === `/channels/${flaky}/messages`, action: { kind: 'status', status: 503 }, times: 100 });
    const env = {
      HOME: root, LOG_LEVEL: 'error', DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl,
      STORE_URL: `sqlite://${join(root, 'poll.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
    };
    const c = runCli(['poll', '--once', '--config', dir], env);
    expect((await c.exited).code, c.stderr()).toBe(0);
    expect(c.stdout()).toContain('2 delivered, 1 pending, 0 dead');
    expect(c.stdout()).toContain('1 deliveries wait for a later run');
    fake.faults.clear();
  }, 60_000);
});
