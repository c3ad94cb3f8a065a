/**
 * A configuration error pauses a platform instead of burning retries: Discord answers 401 to every post, so
 * `start` keeps the entries pending, logs the fix once, and /healthz answers 503 saying why; once the fake
 * accepts the token again, a probe goes through and delivery resumes by itself. Real CLI, real discord.js REST.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import { openStores } from '../../src/store/open.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { isMessagePost } from '../fakes/discord/faults.js';
import { cliEnv, spawnCli, until } from '../support/cli.js';
import { burst, openBench } from './harness.js';

const root = mkdtempSync(join(tmpdir(), 'lw-pause-'));
const CHANNEL = '810000000000000001';
let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

async function health(url: string): Promise<{ status: number; body: { ok: boolean; reason?: string } }> {
  const r = await fetch(`${url}/healthz`);
  const body = (await r.json()) as { ok: boolean; checks: Record<string, { ok: boolean; reason?: string }> };
  return { status: r.status, body: { ok: body.ok, reason: body.checks['delivery:discord']?.reason } };
}

describe('Discord 401: paused, reported, resumed', () => {
  it('keeps entries pending, logs the fix once, /healthz 503 with the reason, and resumes when the token works', async () => {
    const storeUrl = `sqlite://${join(root, 'bot.sqlite')}`;
    const stores = await openStores(storeUrl);
    const deliveries = burst(3, 'discord', [CHANNEL]);
    await stores.outbox.enqueue(deliveries, new Date());
    await stores.close();
    const dir = join(root, 'config');
    cpSync('config', dir, { recursive: true });
    writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');

    fake.failNext({ match: isMessagePost, action: { kind: 'status', status: 401, body: { message: '401: Unauthorized', code: 0 } }, times: 1_000_000 });
    const env = cliEnv(root, { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, STORE_URL: storeUrl, PORT: '0', DRAIN_INTERVAL_MS: '200' });
    const bot = spawnCli(['start', '--role', 'delivery', '--config', dir], env);
    try {
      await until(() => /http: listening on (http:\/\/\S+)/.test(bot.stdout), 20_000, () => `the http line\n${bot.stdout}\n${bot.stderr}`);
      const url = /http: listening on (http:\/\/\S+)/.exec(bot.stdout)![1]!;
      // The first post and at least one probe (2 s later) were refused.
      await until(() => fake.messagePosts(CHANNEL).length >= 2, 15_000, 'a probe after the first 401');
      const down = await health(url);
      expect(down.status).toBe(503);
      expect(down.body.ok).toBe(false);
      expect(down.body.reason).toContain('DISCORD_UNAUTHORIZED');
      expect(down.body.reason).toContain('set DISCORD_TOKEN');
      expect(fake.channelMessages(CHANNEL)).toHaveLength(0);
      // Paused, not retried: one post per probe, never one per entry per drain (drains run every 200 ms).
      expect(fake.messagePosts(CHANNEL).length).toBeLessThanOrEqual(3);
      expect(bot.stderr.match(/discord deliveries paused/g)).toHaveLength(1);
      expect(bot.stderr).not.toContain(fake.token);

      fake.faults.clear();
      await until(() => fake.channelMessages(CHANNEL).length === 3, 20_000, 'delivery to resume');
      expect(fake.channelMessages(CHANNEL).map((m) => (m.body as { embeds?: { title?: string }[] }).embeds?.[0]?.title)).toEqual(
        deliveries.map((d) => expect.stringContaining(`story ${d.alert.item.id.split('-')[1]}`) as unknown as string),
      );
      const up = await health(url);
      expect(up.status).toBe(200);
      expect(up.body.reason).toBeUndefined();
      expect(bot.stderr).toContain('discord accepts deliveries again');
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
  }, 60_000);
});

describe('Slack configuration errors pause Slack, keep the entries, and resume', () => {
  it.each(['invalid_auth', 'token_revoked', 'missing_scope', 'not_allowed_token_type'])('%s: nothing dropped, health says why, a probe resumes', async (code) => {
    const slackFake = await FakeSlack.start();
    const slack = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: slackFake.apiUrl, logger: createMemoryLogger() });
    const bench = await openBench({ ...slack, minChannelIntervalMs: 0 }, { probeBaseMs: 30 });
    try {
      const deliveries = burst(4, 'slack', ['C0ONE', 'C0TWO']);
      await bench.stores.outbox.enqueue(deliveries, new Date());
      slackFake.injectFault('chat.postMessage', { kind: 'error', error: code }, 1_000);
      for (let i = 0; i < 5; i++) {
        expect((await bench.deliverer.drain()).sent).toBe(0);
        await new Promise((r) => setTimeout(r, 40));
      }
      const pending = await bench.stores.outbox.list('pending');
      expect(pending).toHaveLength(4);
      expect(pending.every((e) => e.attempts === 0)).toBe(true);
      expect(pending.some((e) => e.lastError?.code === `SLACK_${code.toUpperCase()}`)).toBe(true);
      const [status] = bench.deliverer.platformHealth();
      expect(status).toMatchObject({ name: 'slack', ok: false });
      expect(status?.reason).toContain('SLACK_BOT_TOKEN');
      // Paused: after the first refusals, one probe per backoff rather than a post per entry per drain.
      expect(slackFake.callsTo('chat.postMessage').length).toBeLessThan(8);
      expect(bench.logger.lines.filter((l) => l.includes('slack deliveries paused'))).toHaveLength(1);

      slackFake.reset();
      for (let i = 0; i < 20 && (await bench.stores.outbox.list('pending')).length; i++) {
        await bench.deliverer.drain();
        await new Promise((r) => setTimeout(r, 40));
      }
      expect(slackFake.postsTo('C0ONE')).toHaveLength(2);
      expect(slackFake.postsTo('C0TWO')).toHaveLength(2);
      expect(bench.deliverer.platformHealth()).toEqual([{ name: 'slack', ok: true }]);
    } finally {
      await bench.close();
      await slackFake.close();
    }
  });
});
