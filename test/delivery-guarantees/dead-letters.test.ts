/**
 * The dead-letter path end to end, through the real CLI on a real SQLite file: a Discord channel answering 403
 * is called once, marked failing, and its deliveries become dead letters; /status shows the failing channel and
 * the count; `outbox list` shows them, `outbox retry` requeues them (clearing the mark), `outbox drop` drops them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLoopbackFakes } from '../support/loopback-rig.js';
import { deliveryNonce } from '../../src/adapters/discord/rest-adapter.js';
import { handleCommandText } from '../../src/core/commands/handlers.js';
import { outboxId } from '../../src/core/ports.js';
import { deadLetterCounter } from '../../src/delivery/dead-letters.js';
import { openStores } from '../../src/store/open.js';
import { makeTestDeps } from '../contract/reference-harness.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { COMPANIES, runCli, storiesFeed, storyAlertId, writeConfig } from './cli-harness.js';

const rig = useLoopbackFakes('lw-dead-', () => FakeDiscord.start());
const { root } = rig;

async function cli(args: string[], env: Record<string, string>) {
  const c = runCli(args, env);
  const exit = await c.exited;
  return { code: exit.code, stdout: c.stdout(), stderr: c.stderr() };
}

describe('dead letters, end to end', () => {
  it('403 → one call, channel failing, visible in /status and `outbox list`; retry requeues and clears, drop drops', async () => {
    const { fake, feeds } = rig;
    const [ok, refused, gone] = fake.guild.channels.slice(0, 3).map((c) => c.id) as [string, string, string];
    feeds.route('/wire.rss', { body: storiesFeed(6) }); // stories 1,4 → PLS.AX; 2,5 → ALB; 3,6 → SQM
    const dir = writeConfig(root, feeds.url('/wire.rss'), [
      { platform: 'discord', channel: ok, symbol: COMPANIES[0].symbol },
      { platform: 'discord', channel: refused, symbol: COMPANIES[1].symbol },
      { platform: 'discord', channel: gone, symbol: COMPANIES[2].symbol },
    ]);
    const storeUrl = `sqlite://${join(root, 'bot.sqlite')}`;
    const env = {
      HOME: root, LOG_LEVEL: 'error', DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl,
      STORE_URL: storeUrl, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
    };
    fake.refuseChannel(refused, 'missing-access');
    fake.refuseChannel(gone, 'unknown-channel');

    const run1 = await cli(['poll', '--once', '--config', dir], env);
    expect(run1.code, run1.stderr).toBe(0);
    expect(run1.stdout).toContain('2 delivered, 0 pending, 4 dead');
    expect(fake.messagePosts(refused)).toHaveLength(1); // one call, then the channel is known to be failing
    expect(fake.messagePosts(gone)).toHaveLength(1);
    expect(fake.channelMessages(ok).map((m) => m.nonce)).toEqual([1, 4].map((n) => deliveryNonce(storyAlertId(n), ok)));

    // /status in the refused channel, on the bot's own store.
    const stores = await openStores(storeUrl);
    try {
      const deps = { ...makeTestDeps(), subscriptions: stores.subscriptions, alerts: stores.alerts, feedStates: stores.feedStates, deadLetters: deadLetterCounter(stores.outbox) };
      const status = await handleCommandText('status', { channel: { platform: 'discord', id: refused }, user: { id: 'U1' }, canManage: false }, deps);
      const fields = Object.fromEntries(status.fields.map((f) => [f.label, f.value]));
      expect(fields['Posting']).toMatch(/^failing since .*: DISCORD_50001: Discord refused channel \d+: 403 Missing Access/);
      expect(fields['Dead letters']).toBe('2 (alerts not delivered here; an operator can resend them: lithium-wire outbox retry)');
      const okStatus = await handleCommandText('status', { channel: { platform: 'discord', id: ok }, user: { id: 'U1' }, canManage: false }, deps);
      expect(okStatus.fields.find((f) => f.label === 'Dead letters')?.value).toBe('0');
      expect(okStatus.fields.find((f) => f.label === 'Posting')).toBeUndefined();
    } finally {
      await stores.close();
    }

    const list = await cli(['outbox', 'list', '--config', dir], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('pending: 0, dead letters: 4');
    const idOf = (n: number, ch: string) => outboxId({ alert: { id: storyAlertId(n) } as never, channel: { platform: 'discord', id: ch } });
    for (const [n, ch, code] of [[2, refused, 'DISCORD_50001'], [5, refused, 'CHANNEL_FAILING'], [3, gone, 'DISCORD_10003'], [6, gone, 'CHANNEL_FAILING']] as const) {
      expect(list.stdout).toContain(`id ${idOf(n, ch)}`);
      expect(list.stdout).toMatch(new RegExp(`dead +#\\d+ discord:${ch} attempts=\\d last error ${code} at `));
    }

    // The operator fixes the refused channel and retries its two; the gone channel's are dropped.
    fake.refused.delete(refused);
    const retry = await cli(['outbox', 'retry', idOf(2, refused), idOf(5, refused), '--config', dir], env);
    expect(retry.stdout.trim()).toBe('requeued 2 dead letter(s)');
    const drop = await cli(['outbox', 'drop', '--all', '--config', dir], env);
    expect(drop.stdout.trim()).toBe('dropped 2 dead letter(s)');
    const after = await cli(['outbox', 'list', '--config', dir], env);
    expect(after.stdout).toContain('pending: 2, dead letters: 0');
    const stores2 = await openStores(storeUrl);
    try {
      expect((await stores2.subscriptions.get({ platform: 'discord', id: refused }))?.failing).toBeUndefined();
      expect((await stores2.subscriptions.get({ platform: 'discord', id: gone }))?.failing?.reason).toMatch(/DISCORD_10003/);
    } finally {
      await stores2.close();
    }

    const run2 = await cli(['poll', '--once', '--config', dir], env);
    expect(run2.stdout).toContain('2 delivered, 0 pending, 0 dead');
    expect(fake.channelMessages(refused).map((m) => m.nonce)).toEqual([2, 5].map((n) => deliveryNonce(storyAlertId(n), refused)));
    expect(fake.messagePosts(gone)).toHaveLength(1);
    const final = await cli(['outbox', 'list', '--config', dir], env);
    expect(final.stdout.trim()).toBe('pending: 0, dead letters: 0');

    const bad = await cli(['outbox', 'retry', 'no-such-id', '--config', dir], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no dead letter matches');
  }, 90_000);
});
