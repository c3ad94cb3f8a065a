/**
 * Crash safety: `poll --once` (the real CLI on a real SQLite file) is killed with SIGKILL three times while it
 * delivers 60 alerts to three Discord channels, then run to the end. Nothing may be lost; duplicates are counted.
 * A proxy answers each message post 300 ms after Discord stored it, so kills land between Discord's commit and
 * the bot's record: the resend carries the same nonce and Discord returns the first message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryNonce } from '../../src/adapters/discord/rest-adapter.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { COMPANIES, runCli, startSlowProxy, storiesFeed, storyAlertId, until, writeConfig } from './cli-harness.js';

const STORIES = 60;
const root = mkdtempSync(join(tmpdir(), 'lw-crash-'));
let fake: FakeDiscord;
let feeds: FeedServer;
let proxy: Awaited<ReturnType<typeof startSlowProxy>>;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  feeds = await startFeedServer();
  proxy = await startSlowProxy(fake.apiUrl, 300, (m, p) => m === 'POST' && /\/channels\/\d+\/messages$/.test(p));
});
afterAll(async () => {
  await proxy.close();
  await fake.close();
  await feeds.close();
  rmSync(root, { recursive: true, force: true });
});

describe('SIGKILL during delivery, three times (Discord)', () => {
  it('loses nothing and posts nothing twice: every alert once, in order, per channel', async () => {
    const channels = fake.guild.channels.slice(0, 3).map((c) => c.id);
    const body = storiesFeed(STORIES);
    feeds.route('/wire.rss', { body });
    const dir = writeConfig(root, feeds.url('/wire.rss'), channels.map((channel, i) => ({ platform: 'discord', channel, symbol: COMPANIES[i]!.symbol })));
    const env = {
      HOME: root, LOG_LEVEL: 'warn', DISCORD_TOKEN: fake.token, DISCORD_API_URL: proxy.url,
      STORE_URL: `sqlite://${join(root, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
    };
    const stored = () => channels.reduce((n, ch) => n + fake.channelMessages(ch).length, 0);

    const kills: number[] = [];
    for (const threshold of [8, 24, 40]) {
      const child = runCli(['poll', '--once', '--config', dir], env);
      await until(() => stored() >= threshold, 60_000, () => `${threshold} stored messages (${stored()}; ${child.stdout()} ${child.stderr()})`);
      child.proc.kill('SIGKILL');
      const exit = await child.exited;
      expect(exit.signal).toBe('SIGKILL');
      kills.push(stored());
    }
    const last = runCli(['poll', '--once', '--config', dir], env);
    const exit = await last.exited;
    expect(exit, last.stderr()).toEqual({ code: 0, signal: null });
    expect(last.stdout()).toMatch(/0 pending, 0 dead/);

    const posts = fake.messagePosts();
    let resentAfterCommit = 0;
    for (const [i, ch] of channels.entries()) {
      const want = Array.from({ length: STORIES }, (_, k) => k + 1).filter((n) => (n - 1) % COMPANIES.length === i).map((n) => deliveryNonce(storyAlertId(n), ch));
      const got = fake.channelMessages(ch);
      expect(got.map((m) => m.nonce)).toEqual(want);
      for (const m of got) resentAfterCommit += fake.messagePosts(ch).filter((r) => (r.body as { nonce?: string }).nonce === m.nonce && r.at > m.at).length;
    }
    expect(stored()).toBe(STORIES);
    expect(resentAfterCommit).toBeGreaterThanOrEqual(1); // kills did land between Discord's commit and our record
    expect(posts.length).toBe(STORIES + resentAfterCommit);
    console.info(`[crash] discord: killed at ${kills.join(', ')} stored messages; ${posts.length} POSTs for ${STORIES} alerts, ${resentAfterCommit} resends of committed messages deduped by nonce, ${stored() - STORIES} duplicates`);
  }, 150_000);
});

describe('SIGKILL during delivery, three times (Slack)', () => {
  it('loses nothing; the history check finds posts whose answer died with the process: 0 duplicates', async () => {
    const { FakeSlack, FAKE_BOT_TOKEN } = await import('../fakes/slack/fake-slack.js');
    const { slackDeliveryId } = await import('../../src/adapters/slack/adapter.js');
    const slack = await FakeSlack.start();
    const slow = await startSlowProxy(slack.apiUrl, 300, (m, p) => m === 'POST' && p.endsWith('/chat.postMessage'));
    const dir0 = join(root, 'slack');
    try {
      const channels = ['C0PLS', 'C0ALB', 'C0SQM'];
      const count = 30;
      feeds.route('/slack.rss', { body: storiesFeed(count) });
      const dir = writeConfig(dir0, feeds.url('/slack.rss'), channels.map((channel, i) => ({ platform: 'slack', channel, symbol: COMPANIES[i]!.symbol })));
      const env = {
        HOME: root, LOG_LEVEL: 'info', SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_API_URL: `${slow.url}/`,
        STORE_URL: `sqlite://${join(dir0, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
      };
      const stored = () => slack.messages.length;
      const kills: number[] = [];
      let logs = '';
      for (const threshold of [4, 12, 20]) {
        const child = runCli(['poll', '--once', '--config', dir], env);
        await until(() => stored() >= threshold, 60_000, () => `${threshold} Slack posts (${stored()}; ${child.stdout()} ${child.stderr()})`);
        child.proc.kill('SIGKILL');
        await child.exited;
        kills.push(stored());
        logs += child.stdout() + child.stderr();
      }
      const last = runCli(['poll', '--once', '--config', dir], env);
      expect(await last.exited, last.stderr()).toEqual({ code: 0, signal: null });
      expect(last.stdout()).toMatch(/0 pending, 0 dead/);
      logs += last.stdout() + last.stderr();
      const found = logs.split('delivery was already posted').length - 1;

      let dups = 0;
      for (const [i, ch] of channels.entries()) {
        const want = Array.from({ length: count }, (_, k) => k + 1)
          .filter((n) => (n - 1) % COMPANIES.length === i)
          .map((n) => slackDeliveryId({ alert: { id: storyAlertId(n) } as never, channel: { platform: 'slack', id: ch }, kind: 'watchlist', watched: [] }));
        const got = slack.postsTo(ch).map((m) => (m.body.metadata as { event_payload: { delivery_id: string } }).event_payload.delivery_id);
        dups += got.length - new Set(got).size;
        expect(got).toEqual(want);
      }
      const history = slack.callsTo('conversations.history').length;
      expect(dups).toBe(0);
      expect(history).toBeGreaterThan(0);
      // Kills landed between Slack's store and the bot's record (the proxy holds each answer 300 ms), and those
      // posts were found in history instead of being posted again: one chat.postMessage per alert.
      expect(found).toBeGreaterThanOrEqual(1);
      expect(slack.callsTo('chat.postMessage')).toHaveLength(count);
      console.info(`[crash] slack: killed at ${kills.join(', ')} stored posts; ${slack.callsTo('chat.postMessage').length} chat.postMessage calls for ${count} alerts, ${history} history checks, ${found} found already posted, ${dups} duplicates`);
    } finally {
      await slow.close();
      await slack.close();
    }
  }, 150_000);
});
