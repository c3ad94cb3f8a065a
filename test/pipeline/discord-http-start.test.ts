/**
 * `start` on Discord without a gateway, and with one that fails, through the real CLI in a child process:
 * - DISCORD_PUBLIC_KEY set (DISCORD_GATEWAY auto) against a fake that serves no gateway at all: one process answers
 *   a signed PING and slash commands over HTTP interactions and posts the alert over REST, every route on one port
 *   bound to HOST;
 * - DISCORD_GATEWAY=on with the gateway answering 404 or closing 4004: start exits non-zero within 60 s naming the
 *   gateway URL, the cause and the fix;
 * - a required gateway that goes down after start (token revoked: 4004 on resume): /healthz 503 with the reason.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';
import { cliEnv, freePort, spawnCli, until, type RunningCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lw-dhttp-'));
const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';
const CHANNEL = '810000000000000001';
let feeds: FeedServer;
const running: RunningCli[] = [];
beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(async () => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  await feeds.close();
  rmSync(root, { recursive: true, force: true });
});

function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicHex: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex'), privateKey };
}

function configDir(name: string, feedPath: string): string {
  const dir = join(root, name);
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), `feeds:\n  - { id: wire, url: "${feeds.url(feedPath)}", schedule: "*/2 * * * * *" }\n`);
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
  return dir;
}

function start(name: string, dir: string, env: Record<string, string>): RunningCli {
  const bot = spawnCli(['start', '--config', dir], cliEnv(root, {
    STORE_URL: `sqlite://${join(root, `${name}.sqlite`)}`, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9', ...env,
  }));
  running.push(bot);
  return bot;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ host, port }, () => (c.destroy(), resolve(true)));
    c.on('error', () => resolve(false));
  });
}

describe('Discord over HTTP interactions alone, in one start process', () => {
  it('answers a signed PING and slash commands, posts the alert, and serves every route on one port bound to HOST', async () => {
    const fake = await FakeDiscord.start({ gateway: 'absent' });
    const key = keyPair();
    const port = await freePort();
    let story = false;
    feeds.route('/http.rss', () => ({ body: story ? readFileSync('config/samples/battery-metals.rss') : EMPTY }));
    const bot = start('http', configDir('http', '/http.rss'), {
      DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl,
      DISCORD_PUBLIC_KEY: key.publicHex, PORT: String(port), HOST: '127.0.0.1',
    });
    const base = `http://127.0.0.1:${port}`;
    const post = async (payload: unknown, privateKey = key.privateKey) => {
      const body = JSON.stringify(payload);
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${base}/discord/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-ed25519': sign(null, Buffer.from(ts + body), privateKey).toString('hex'), 'x-signature-timestamp': ts },
        body,
      });
      return { status: res.status, json: (await res.json()) as { type?: number; data?: { flags?: number; embeds?: unknown[] } } };
    };
    try {
      await until(() => bot.stdout.includes(`http: listening on ${base} `), 20_000, () => `the HTTP server\n${bot.stdout}\n${bot.stderr}`);
      expect(bot.stdout).toContain('discord commands: HTTP interactions, POST /discord/interactions');
      expect(bot.stdout).toMatch(/http: listening on .*\/discord\/interactions.*\/healthz.*\/metrics/);

      expect(await post({ id: '1', type: 1, application_id: fake.applicationId, token: 't', version: 1 })).toEqual({ status: 200, json: { type: 1 } });
      expect((await post({ id: '2', type: 1 }, keyPair().privateKey)).status).toBe(401);

      const sub = await post(fake.buildInteraction({ name: 'subscribe', permissions: PERMS_MANAGER }));
      expect(sub.status).toBe(200);
      expect(sub.json.type).toBe(4);
      expect(JSON.stringify(sub.json.data)).toContain('Subscribed');
      const add = await post(fake.buildInteraction({
        name: 'watchlist', permissions: PERMS_MANAGER, options: [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'ALB' }] }],
      }));
      expect(JSON.stringify(add.json.data)).toContain('Added: ALB (Albemarle)');
      // /watchlist list is open to every member.
      const list = await post(fake.buildInteraction({ name: 'watchlist', permissions: PERMS_MEMBER, options: [{ name: 'list', type: 1 }] }));
      expect(JSON.stringify(list.json.data)).toContain('ALB (Albemarle)');

      await until(() => feeds.hits('/http.rss') >= 2, 20_000, 'two polls of the empty feed');
      story = true;
      const catl = () => fake.channelMessages(CHANNEL).filter((m) => JSON.stringify(m).includes('Contemporary Amperex Technology (300750.SZ)'));
      await until(() => catl().length > 0, 15_000, () => `the CATL embed\n${bot.stdout}\n${bot.stderr}`);
      expect(JSON.stringify(catl())).toContain('+13.6%');

      // No gateway was ever tried: no /gateway/bot, no WebSocket upgrade.
      expect(fake.requests.filter((r) => r.path.startsWith('/gateway'))).toEqual([]);
      expect(fake.refusedUpgrades).toBe(0);

      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      const report = (await health.json()) as { ok: boolean; checks: Record<string, unknown> };
      expect(report.ok).toBe(true);
      // No gateway check: the gateway is off; the store and the Discord delivery check only.
      expect(Object.keys(report.checks)).toEqual(['delivery:discord', 'store']);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('lw_deliveries_sent_total');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      expect((await fetch(`${base}/discord/interactions`)).status).toBe(405);
      // Nothing else listens: the ports beside it are not ours, and another interface of this host is refused.
      const outside = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
      if (outside) expect(await accepts(outside.address, port)).toBe(false);
      expect(await accepts('127.0.0.1', port)).toBe(true);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    await fake.close();
  }, 90_000);
});

describe('a required gateway that cannot connect', () => {
  for (const mode of ['absent', 'reject-auth'] as const) {
    it(`DISCORD_GATEWAY=on, gateway ${mode}: start exits non-zero within 60 s naming the gateway, the cause and the fix`, async () => {
      const fake = await FakeDiscord.start({ gateway: mode });
      feeds.route(`/${mode}.rss`, { body: EMPTY });
      const t0 = Date.now();
      const bot = start(mode, configDir(mode, `/${mode}.rss`), {
        DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, DISCORD_GATEWAY: 'on', PORT: '0',
      });
      const code = await Promise.race([bot.exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 60_000))]);
      expect(code, `${bot.stdout}\n${bot.stderr}`).not.toBe('alive');
      expect(code).not.toBe(0);
      expect(Date.now() - t0).toBeLessThan(60_000);
      expect(bot.stderr).toContain(`discord gateway ${fake.wsUrl}`);
      expect(bot.stderr).toContain(mode === 'absent' ? 'answered HTTP 404 instead of a WebSocket upgrade' : 'closed 4004 Authentication failed');
      expect(bot.stderr).toMatch(mode === 'absent' ? /fix: .*DISCORD_PUBLIC_KEY, DISCORD_GATEWAY=off/ : /fix: reset the bot token/);
      expect(bot.stdout).not.toContain('polling 1 schedule');
      // discord.js never got to retry: one handshake (our probe) or one identify.
      await new Promise((r) => setTimeout(r, 1500));
      expect(mode === 'absent' ? fake.refusedUpgrades : fake.identifies.length).toBe(1);
      await fake.close();
    }, 70_000);
  }

  it('required and down after start (4004 on resume): /healthz answers 503 with the reason', async () => {
    const fake = await FakeDiscord.start();
    feeds.route('/down.rss', { body: EMPTY });
    const port = await freePort();
    const bot = start('down', configDir('down', '/down.rss'), {
      DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, PORT: String(port),
    });
    try {
      await until(() => bot.stdout.includes('http: listening on'), 30_000, () => `start\n${bot.stdout}\n${bot.stderr}`);
      expect(bot.stdout).toContain('discord commands: gateway connected');
      const up = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(up.status).toBe(200);
      expect(((await up.json()) as { checks: Record<string, unknown> }).checks['discord-gateway']).toEqual({ ok: true });

      fake.gatewayMode = 'reject-auth';
      fake.dropGatewayConnections(4000);
      let status = 0;
      let body: { ok?: boolean; checks?: Record<string, { ok: boolean; reason?: string }> } = {};
      for (const end = Date.now() + 15_000; status !== 503 && Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        status = r.status;
        body = (await r.json()) as typeof body;
      }
      expect(status, JSON.stringify(body)).toBe(503);
      expect(body.ok).toBe(false);
      expect(body.checks?.['discord-gateway']).toEqual({ ok: false, reason: 'required and down: closed 4004 Authentication failed: Discord no longer accepts DISCORD_TOKEN' });
      expect(body.checks?.store).toEqual({ ok: true });
      expect(bot.stdout).toContain('discord commands: gateway closed 4004');
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    await fake.close();
  }, 60_000);
});
