/**
 * The HTTP interactions endpoint on a real node:http server, with a generated Ed25519 key pair standing in for
 * Discord's: good signatures are handled; a wrong key, a tampered body or missing headers get 401 and the
 * command core is never reached.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInteractionsHandler, startDiscordInteractionsServer } from '../../src/adapters/discord/interactions-http.js';
import { NEED_MANAGE } from '../../src/core/commands/wording.js';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { makeCommandDeps } from './support.js';

function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { publicHex: Buffer.from(x, 'base64url').toString('hex'), privateKey };
}

describe('discord HTTP interactions endpoint', () => {
  const discordKey = keyPair();
  const otherKey = keyPair();
  const deps = makeCommandDeps();
  let storeCalls = 0;
  const realGet = deps.subscriptions.get.bind(deps.subscriptions);
  deps.subscriptions.get = async (c) => {
    storeCalls++;
    return realGet(c);
  };
  let server: Server;
  let url: string;
  let fake: FakeDiscord; // builds interaction payloads and receives deferred follow-ups

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    server = createServer(createInteractionsHandler({ publicKey: discordKey.publicHex, commandDeps: deps, logger: deps.logger, maxBodyBytes: 64 * 1024 }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => server?.close(() => r()));
    await fake?.close();
  });
  beforeEach(() => {
    storeCalls = 0;
  });

  async function post(body: string, headers: Record<string, string>) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  function signed(body: string, key: KeyObject = discordKey.privateKey, ts = String(Math.floor(Date.now() / 1000))) {
    return { 'x-signature-ed25519': sign(null, Buffer.from(ts + body), key).toString('hex'), 'x-signature-timestamp': ts };
  }

  it('answers a signed PING with PONG', async () => {
    const body = JSON.stringify({ id: '1', type: 1, application_id: fake.applicationId, token: 't', version: 1 });
    expect(await post(body, signed(body))).toEqual({ status: 200, json: { type: 1 } });
  });

  it('handles a signed /subscribe from a manager through the same command core, returning the response JSON', async () => {
    const body = JSON.stringify(fake.buildInteraction({ name: 'subscribe', options: [{ name: 'what', type: 3, value: 'all' }], permissions: PERMS_MANAGER }));
    const r = await post(body, signed(body));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] }, flags: 64, embeds: [{ title: 'Subscribed' }] } });
    const sub = await realGet({ platform: 'discord', id: fake.defaultChannel.id, workspace: fake.guild.id });
    expect(sub?.want).toBe('all');
  });

  it('a signed settings command from a member without Manage Channels is refused ephemerally', async () => {
    const body = JSON.stringify(fake.buildInteraction({ name: 'unsubscribe', permissions: PERMS_MEMBER }));
    const r = await post(body, signed(body));
    expect(r.json).toEqual({
      type: 4,
      data: { embeds: [{ title: 'Not allowed', description: NEED_MANAGE, color: 0xc0392b }], allowed_mentions: { parse: [] }, flags: 64 },
    });
    expect((await realGet({ platform: 'discord', id: fake.defaultChannel.id, workspace: fake.guild.id }))?.want).toBe('all');
  });

  it('a signature from another key is 401 and the core never runs', async () => {
    const body = JSON.stringify(fake.buildInteraction({ name: 'status', permissions: PERMS_MEMBER }));
    expect(await post(body, signed(body, otherKey.privateKey))).toEqual({ status: 401, json: { error: 'invalid request signature' } });
    expect(storeCalls).toBe(0);
  });

  it('a tampered body is 401 and the core never runs', async () => {
    const body = JSON.stringify(fake.buildInteraction({ name: 'unsubscribe', permissions: PERMS_MEMBER }));
    const tampered = body.replace(PERMS_MEMBER, PERMS_MANAGER);
    expect(tampered).not.toBe(body);
    expect((await post(tampered, signed(body))).status).toBe(401);
    expect(storeCalls).toBe(0);
  });

  it('missing or malformed signature headers are 401', async () => {
    const body = JSON.stringify(fake.buildInteraction({ name: 'status', permissions: PERMS_MEMBER }));
    const good = signed(body);
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'x-signature-ed25519': good['x-signature-ed25519'] })).status).toBe(401);
    expect((await post(body, { 'x-signature-timestamp': good['x-signature-timestamp'] })).status).toBe(401);
    expect((await post(body, { ...good, 'x-signature-ed25519': 'zz' + good['x-signature-ed25519'].slice(2) })).status).toBe(401);
    expect((await post(body, { ...good, 'x-signature-timestamp': String(Number(good['x-signature-timestamp']) + 1) })).status).toBe(401);
    expect(storeCalls).toBe(0);
  });

  it('refuses other methods and oversized bodies before verifying', async () => {
    expect((await fetch(url)).status).toBe(405);
    const big = JSON.stringify({ type: 1, pad: 'x'.repeat(70 * 1024) });
    expect((await post(big, signed(big))).status).toBe(413);
  });

  it('a correctly signed but stale request (outside the 5-minute window) is refused', async () => {
    const body = JSON.stringify({ type: 1 });
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await post(body, signed(body, discordKey.privateKey, old))).status).toBe(401);
    expect((await post(body, signed(body, discordKey.privateKey, 'soon'))).status).toBe(401);
  });

  it('the standalone server routes POST /discord/interactions and answers /healthz', async () => {
    const srv = await startDiscordInteractionsServer({ port: 0, host: '127.0.0.1', publicKey: discordKey.publicHex, commandDeps: deps, logger: deps.logger });
    try {
      const body = JSON.stringify({ type: 1 });
      const res = await fetch(srv.url, { method: 'POST', headers: signed(body), body });
      expect(await res.json()).toEqual({ type: 1 });
      expect(srv.url.endsWith('/discord/interactions')).toBe(true);
      expect((await fetch(srv.url.replace('/discord/interactions', '/healthz'))).status).toBe(200);
      expect((await fetch(srv.url.replace('/discord/interactions', '/other'), { method: 'POST', body })).status).toBe(404);
    } finally {
      await srv.stop();
    }
  });

  it('a command slower than the defer threshold is answered "deferred" and finished by editing the original', async () => {
    const slow = makeCommandDeps();
    const get = slow.subscriptions.get.bind(slow.subscriptions);
    slow.subscriptions.get = async (c) => {
      await new Promise((r) => setTimeout(r, 300));
      return get(c);
    };
    const srv = await startDiscordInteractionsServer({
      port: 0, host: '127.0.0.1', publicKey: discordKey.publicHex, commandDeps: slow, logger: slow.logger, apiUrl: fake.apiUrl, deferAfterMs: 50,
    });
    try {
      const interaction = fake.buildInteraction({ name: 'status', permissions: PERMS_MEMBER });
      const body = JSON.stringify(interaction);
      const res = await fetch(srv.url, { method: 'POST', headers: signed(body), body });
      expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
      const path = `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`;
      const deadline = Date.now() + 5_000;
      while (!fake.requests.some((r) => r.path === path) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const edit = fake.requests.find((r) => r.path === path);
      expect(edit?.method).toBe('PATCH');
      expect(edit?.headers.authorization).toBeUndefined();
      expect(edit?.body).toMatchObject({ embeds: [{ title: 'Status of this channel' }], allowed_mentions: { parse: [] } });
    } finally {
      await srv.stop();
    }
  });
});
