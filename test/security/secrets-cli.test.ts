/**
 * Tokens never appear in logs, errors or status output. The real CLI (`poll --once`, then `start`) runs with
 * recognisable canary values for DISCORD_TOKEN, SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET pointed at the loopback
 * fakes, LOG_LEVEL=debug, and every error we can provoke: a 401 / invalid_auth from the fakes (wrong tokens),
 * failing feeds (404, 500 behind a URL with a password in it, a refused connection), channels that refuse posts,
 * and a forged Slack request. stdout, stderr and the `/status` replies on both platforms are then searched for
 * the canaries. The canaries are not shaped like real tokens, so only the configured-secret scrubbing can hide them.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { until } from '../support/cli.js';

const DISCORD_TOKEN = 'discord-canary-7Hq2x9ZpL4.tokenvalue';
const SLACK_BOT_TOKEN = 'slack-bot-canary-Vb81Kd0Qm';
const SLACK_SIGNING_SECRET = 'signing-canary-c0ffee1234abcd';
const WRONG_DISCORD = 'discord-wrong-canary-Zz91Pq';
const WRONG_SLACK = 'slack-wrong-canary-Yy72Rt';
const FEED_PASSWORD = 'feedpass-canary-991';
/** Each secret and a distinctive piece of it, so a partial leak is caught too. */
const NEEDLES = [DISCORD_TOKEN, '7Hq2x9ZpL4', SLACK_BOT_TOKEN, 'Vb81Kd0Qm', SLACK_SIGNING_SECRET, 'c0ffee1234abcd', WRONG_DISCORD, 'Zz91Pq', WRONG_SLACK, 'Yy72Rt'];

const GOOD_CHANNEL = '810000000000000001';
const LOCKED_CHANNEL = '810000000000000003';
const root = mkdtempSync(join(tmpdir(), 'lw-secrets-'));
let discord: FakeDiscord;
let slack: FakeSlack;
let feeds: FeedServer;

function leaks(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n));
}

function configDir(name: string): string {
  const dir = join(root, name);
  cpSync('config', dir, { recursive: true });
  const authed = feeds.url('/private.xml').replace('http://', `http://reader:${FEED_PASSWORD}@`);
  writeFileSync(
    join(dir, 'feeds.yaml'),
    [
      'poll:',
      '  newItemWindowHours: 1000000',
      '  timeoutMs: 2000',
      'feeds:',
      `  - { id: good, url: "${feeds.url('/good.xml')}" }`,
      `  - { id: missing, url: "${feeds.url('/missing.xml')}" }`,
      `  - { id: authed, url: "${authed}" }`,
      '  - { id: refused, url: "http://127.0.0.1:9/feed.xml" }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'subscriptions.yaml'),
    [
      'subscriptions:',
      `  - { platform: discord, channel: "${GOOD_CHANNEL}", workspace: "${discord.guild.id}", want: all }`,
      `  - { platform: discord, channel: "${LOCKED_CHANNEL}", workspace: "${discord.guild.id}", want: all }`,
      '  - { platform: slack, channel: C0GOOD, workspace: T0LITHIUM, want: all }',
      '  - { platform: slack, channel: C0LOCKED, workspace: T0LITHIUM, want: all }',
      '',
    ].join('\n'),
  );
  return dir;
}

function env(store: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: root,
    LOG_LEVEL: 'debug',
    STORE_URL: `sqlite://${join(root, store)}`,
    ALLOW_PRIVATE_FEEDS: 'true',
    DISCORD_TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    QUOTES_API_URL: 'http://127.0.0.1:9',
    ...over,
  };
}


beforeAll(async () => {
  discord = await FakeDiscord.start({ token: DISCORD_TOKEN });
  slack = await FakeSlack.start({ botToken: SLACK_BOT_TOKEN });
  feeds = await startFeedServer();
  feeds.route('/good.xml', { body: readFileSync('config/samples/battery-metals.rss') });
  feeds.route('/private.xml', { status: 500, body: 'internal error' });
  discord.refuseChannel(LOCKED_CHANNEL, 'missing-access');
  slack.refuse('C0LOCKED', 'not_in_channel');
});
afterAll(async () => {
  await discord?.close();
  await slack?.close();
  await feeds?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('secrets stay out of everything the CLI prints', () => {
  it('poll --once with the right tokens: posts go out, refused channels and failing feeds are reported, no secret printed', async () => {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'poll', '--once', '--config', configDir('once')], {
      env: env('once.sqlite'),
    });
    const all = r.stdout + r.stderr;
    expect(r.stdout).toMatch(/polled 4 feeds: .* 3 feeds failed/);
    expect(r.stdout).toMatch(/feed missing failed: HTTP_STATUS/);
    expect(r.stdout).toMatch(/feed refused failed: NETWORK/);
    expect(discord.channelMessages(GOOD_CHANNEL).length).toBeGreaterThan(0);
    expect(slack.postsTo('C0GOOD').length).toBeGreaterThan(0);
    expect(r.stderr).toContain('channel refused delivery; marked failing');
    expect(leaks(all)).toEqual([]);
    expect(all).not.toContain(FEED_PASSWORD);
  }, 60_000);

  it('poll --once with wrong tokens: the 401 and invalid_auth are logged without either token', async () => {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'poll', '--once', '--config', configDir('wrong')], {
      env: env('wrong.sqlite', { DISCORD_TOKEN: WRONG_DISCORD, SLACK_BOT_TOKEN: WRONG_SLACK }),
    });
    const all = r.stdout + r.stderr;
    expect(discord.requests.some((q) => q.headers.authorization === `Bot ${WRONG_DISCORD}`)).toBe(true);
    expect(slack.calls.some((c) => c.token === WRONG_SLACK && c.response?.error === 'invalid_auth')).toBe(true);
    expect(all).toMatch(/DISCORD_UNAUTHORIZED|401/);
    expect(all).toContain('invalid_auth');
    expect(leaks(all)).toEqual([]);
  }, 60_000);

  it('start: failing feeds, refused channels, a forged Slack request and /status on both platforms, no secret anywhere', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', configDir('start')], {
      env: env('start.sqlite', { SLACK_SIGNING_SECRET, PORT: '0' }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const replies: string[] = [];
    try {
      await until(() => /http: listening on http:\/\/127\.0\.0\.1:\d+ /.test(stdout) && stdout.includes('discord commands: gateway connected'), 30_000, () => stdout + stderr);
      const port = /http: listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(stdout)![1]!;
      const events = `http://127.0.0.1:${port}/slack/events`;
      // The first cycle: the good feed posts, the three bad feeds fail, the locked channels refuse.
      await until(() => stderr.includes('feed poll failed') && stderr.includes('marked failing') && /poll cycle done/.test(stderr), 20_000, () => stderr);

      const forged = await postSigned(events, slashCommandBody({ text: 'subscribe all', response_url: slack.responseUrl('forged') }), { secret: 'not-the-secret' });
      expect(forged.status).toBe(401);
      const ok = await postSigned(events, slashCommandBody({ text: 'status', channel_id: 'C0LOCKED', response_url: slack.responseUrl('status') }), { secret: SLACK_SIGNING_SECRET });
      expect(ok.status).toBe(200);
      const slackStatus = JSON.stringify((await slack.nextResponse('status', 10_000)).body);
      replies.push(slackStatus);
      expect(slackStatus).toContain('not_in_channel');

      const discordStatus = JSON.stringify((await discord.interact({ name: 'status', channelId: LOCKED_CHANNEL })).body);
      replies.push(discordStatus);
      expect(discordStatus).toMatch(/missing|HTTP_STATUS|failing/i);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('stopped');
    expect(stderr).toContain('Failed to verify authenticity: signature mismatch');
    const all = [stdout, stderr, ...replies].join('\n');
    expect(leaks(all)).toEqual([]);
    expect(all).not.toContain(FEED_PASSWORD);
  }, 90_000);
});
