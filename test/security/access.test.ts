/**
 * No way in for strangers: what the existing adapter tests leave out. (Those cover a wrong key or secret, a
 * tampered body, missing headers, stale timestamps, and one refused settings command per platform; see
 * docs/security.md.) Here: a captured request replayed with a fresh timestamp header, a future timestamp on
 * Discord, settings commands from DMs or without a permission field, and every settings verb from a non-admin.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInteractionsHandler } from '../../src/adapters/discord/interactions-http.js';
import { NEED_MANAGE } from '../../src/core/commands/wording.js';
import { makeCommandDeps } from '../discord/support.js';
import { memory } from './checks.js';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { postSigned, slackSignature, slashCommandBody, httpRequest } from '../fakes/slack/slash.js';
import { visibleText } from '../fakes/slack/visible-text.js';
import { ADMIN, MEMBER, SIGNING_SECRET, startSlackRig, type SlackRig } from '../slack/support.js';

const SETTINGS = ['subscribe', 'subscribe all', 'unsubscribe', 'unsubscribe drop-watchlist', 'watchlist add ALB', 'watchlist remove ALB'];

describe('discord HTTP interactions: replays and missing permissions', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicHex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  const deps = makeCommandDeps();
  let server: Server;
  let url: string;
  let fake: FakeDiscord;
  const now = () => Math.floor(Date.now() / 1000);
  const sig = (ts: string, body: string) => sign(null, Buffer.from(ts + body), privateKey).toString('hex');
  async function post(body: string, ts: string, signature = sig(ts, body)) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': ts }, body });
    return { status: res.status, json: (await res.json()) as { type?: number; data?: { embeds?: { title?: string; description?: string }[]; flags?: number } } };
  }

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    server = createServer(createInteractionsHandler({ publicKey: publicHex, commandDeps: deps, logger: deps.logger }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => server?.close(() => r()));
    await fake?.close();
  });

  it('a captured request replayed with a fresh timestamp header is refused (the signature covers the timestamp)', async () => {
    const body = JSON.stringify(fake.buildInteraction({ name: 'subscribe', permissions: PERMS_MANAGER }));
    const old = String(now() - 3600);
    expect((await post(body, String(now()), sig(old, body))).status).toBe(401);
    expect(await deps.subscriptions.list()).toEqual([]);
  });

  it('a correctly signed request dated 6 minutes ahead is refused', async () => {
    const body = JSON.stringify(fake.buildInteraction({ name: 'subscribe', permissions: PERMS_MANAGER }));
    expect((await post(body, String(now() + 360))).status).toBe(401);
    expect(await deps.subscriptions.list()).toEqual([]);
  });

  it('settings commands without a usable permission field, or outside a server, are refused and change nothing', async () => {
    const base = fake.buildInteraction({ name: 'subscribe', permissions: PERMS_MANAGER });
    const variants: Record<string, unknown>[] = [
      { ...base, member: { ...(base.member as object), permissions: undefined } },
      { ...base, member: { ...(base.member as object), permissions: 'all' } },
      { ...base, member: { ...(base.member as object), permissions: '-16' } },
      { ...base, member: { ...(base.member as object), permissions: String(1n << 13n) } }, // Manage Messages only
    ];
    for (const v of variants) {
      const body = JSON.stringify(v);
      const r = await post(body, String(now()));
      expect(r.status).toBe(200);
      expect(r.json.data?.flags).toBe(64);
      expect(r.json.data?.embeds?.[0]?.description).toBe(NEED_MANAGE);
    }
    const { guild_id: _g, member: _m, ...dm } = base;
    const body = JSON.stringify({ ...dm, user: { id: '710000000000000009', username: 'stranger' } });
    const r = await post(body, String(now()));
    expect(r.json.data?.embeds?.[0]?.title).toBe('Not available here');
    expect(await deps.subscriptions.list()).toEqual([]);
  });

  it('Administrator alone is enough; a member’s every settings verb is refused', async () => {
    for (const text of ['subscribe', 'unsubscribe', 'watchlist']) {
      const options = text === 'watchlist' ? [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'ALB' }] }] : undefined;
      const body = JSON.stringify(fake.buildInteraction({ name: text, permissions: PERMS_MEMBER, ...(options ? { options } : {}) }));
      const r = await post(body, String(now()));
      expect(r.json.data?.embeds?.[0]?.description, text).toBe(NEED_MANAGE);
    }
    expect(await deps.subscriptions.list()).toEqual([]);
    const admin = JSON.stringify(fake.buildInteraction({ name: 'subscribe', permissions: String(1n << 3n) }));
    expect((await post(admin, String(now()))).json.data?.embeds?.[0]?.title).toBe('Subscribed');
  });
});

describe('slack: replays and admins', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ admins: [ADMIN] });
  });
  afterAll(async () => rig?.close());

  it('a captured request replayed with a fresh timestamp header is refused (401), and nothing runs', async () => {
    const body = slashCommandBody({ text: 'subscribe all', user_id: ADMIN, response_url: rig.fake.responseUrl('replay') });
    const old = Math.floor(Date.now() / 1000) - 600;
    const fresh = String(Math.floor(Date.now() / 1000));
    const res = await httpRequest(rig.eventsUrl, 'POST', {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': fresh,
      'x-slack-signature': slackSignature(SIGNING_SECRET, old, body),
    }, body);
    expect(res.status).toBe(401);
    // And replayed as captured (old timestamp): refused by the window.
    expect((await postSigned(rig.eventsUrl, body, { secret: SIGNING_SECRET, timestamp: old })).status).toBe(401);
    expect(rig.fake.responsesFor('replay')).toEqual([]);
    expect(await rig.deps.subscriptions.list()).toEqual([]);
  });

  /*
   * Bolt's HTTPReceiver buffers the whole request body before it checks the signature (200 MB once took RSS from
   * 128 MB to 928 MB before the 401). request-guard.ts answers 413 first for a chunked or oversized body.
   */
  it('an unsigned 64 MB body is refused before it is buffered', async () => {
    const before = memory().rssMB;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, Math.round(process.memoryUsage().rss / 1048576))), 5);
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    const status = await new Promise<number>((resolve) => {
      const req = request(
        rig.eventsUrl,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': `v0=${'0'.repeat(64)}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(-1));
      let sent = 0;
      const pump = (): void => {
        while (sent < 64) {
          sent++;
          if (!req.write(mb)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    }).finally(() => clearInterval(sampler));
    console.info(`[security slack body] unsigned 64 MB POST → HTTP ${status}; rss ${before} MB, peak ${peak} MB`);
    expect(status).toBe(413);
    expect(peak - before).toBeLessThan(48);
  }, 30_000);

  it.each(SETTINGS)('"%s" from a user not in SLACK_ADMINS is refused ephemerally and changes nothing', async (text) => {
    const { reply } = await rig.slash(text, { userId: MEMBER });
    expect(reply!.body.response_type).toBe('ephemeral');
    expect(visibleText(reply!.body)).toContain(NEED_MANAGE);
    expect(await rig.deps.subscriptions.list()).toEqual([]);
  });
});
