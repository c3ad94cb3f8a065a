/**
 * The fake Discord itself: other suites (delivery, fault injection) rely on it behaving like Discord, so its
 * auth, nonce, limit and fault behaviours are pinned here; and a real client survives a gateway drop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordGateway } from '../../src/adapters/discord/gateway.js';
import { FakeDiscord, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { makeCommandDeps } from './support.js';

describe('fake discord REST', () => {
  let fake: FakeDiscord;
  let base: string;
  const auth = () => ({ authorization: `Bot ${fake.token}`, 'content-type': 'application/json' });
  const post = async (channel: string, body: unknown, headers: Record<string, string> = auth()) => {
    const res = await fetch(`${base}/v10/channels/${channel}/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start({ nonceWindowMs: 1_000 });
    base = fake.apiUrl;
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('refuses requests without the bot token with 401', async () => {
    const r = await post(fake.defaultChannel.id, { content: 'x' }, { 'content-type': 'application/json' });
    expect(r).toMatchObject({ status: 401, json: { code: 0, message: '401: Unauthorized' } });
  });

  it('dedupes a nonce only with enforce_nonce, and only inside the window', async () => {
    const ch = fake.guild.channels[1]!.id;
    const a = await post(ch, { content: 'a', nonce: 'n1', enforce_nonce: true });
    const b = await post(ch, { content: 'a', nonce: 'n1', enforce_nonce: true });
    expect(b.json.id).toBe(a.json.id);
    const c = await post(ch, { content: 'a', nonce: 'n1' });
    expect(c.json.id).not.toBe(a.json.id);
    await new Promise((r) => setTimeout(r, 1_050));
    const d = await post(ch, { content: 'a', nonce: 'n1', enforce_nonce: true });
    expect(d.json.id).not.toBe(a.json.id);
    expect(fake.channelMessages(ch)).toHaveLength(3);
  });

  it('rejects empty messages, over-long content and over-long nonces like Discord', async () => {
    const ch = fake.defaultChannel.id;
    expect((await post(ch, { content: '  ' })).json).toMatchObject({ code: 50006 });
    expect((await post(ch, { content: 'x'.repeat(2001) })).json).toMatchObject({ code: 50035 });
    expect((await post(ch, { content: 'x', nonce: 'n'.repeat(26) })).json).toMatchObject({ code: 50035 });
    expect((await post(ch, { embeds: [{ fields: [{ name: 'a', value: '' }] }] })).status).toBe(400);
  });

  it('answers 429 with Retry-After, bucket headers and a JSON retry_after', async () => {
    fake.rateLimitNext(1.25);
    const r = await post(fake.defaultChannel.id, { content: 'x' });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1.25');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(r.json).toEqual({ message: 'You are being rate limited.', retry_after: 1.25, global: false });
  });

  it('chaos is reproducible from its seed and only touches message posts', async () => {
    const run = async () => {
      fake.chaos({ rate: 0.5, seed: 42, actions: [{ kind: 'status', status: 503 }] });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await post(fake.defaultChannel.id, { content: `c${i}` })).status);
      const gw = await fetch(`${base}/v10/gateway/bot`, { headers: auth() });
      fake.chaos(undefined);
      return { statuses, gw: gw.status };
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.gw).toBe(200);
    expect(first.statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(first.statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});

describe('fake discord gateway', () => {
  it('acknowledges heartbeats, so the client keeps one session without zombie reconnects', async () => {
    const fake = await FakeDiscord.start({ heartbeatIntervalMs: 100 });
    const deps = makeCommandDeps();
    const gw = await startDiscordGateway({ token: fake.token, apiUrl: fake.apiUrl, commandDeps: deps, logger: deps.logger });
    try {
      const deadline = Date.now() + 5_000;
      while (fake.heartbeats < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(fake.heartbeats).toBeGreaterThanOrEqual(4);
      expect(fake.identifies).toHaveLength(1);
      expect(fake.resumes).toHaveLength(0);
      expect(fake.readySessions).toBe(1);
    } finally {
      await gw.stop();
      await fake.close();
    }
  });

  it('a dropped gateway connection is resumed and commands are answered again', async () => {
    const fake = await FakeDiscord.start();
    const deps = makeCommandDeps();
    const gw = await startDiscordGateway({ token: fake.token, apiUrl: fake.apiUrl, commandDeps: deps, logger: deps.logger });
    try {
      expect(fake.identifies).toHaveLength(1);
      fake.dropGatewayConnections();
      const deadline = Date.now() + 10_000;
      while ((fake.resumes.length < 1 || fake.readySessions < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(fake.resumes).toHaveLength(1);
      expect(fake.identifies).toHaveLength(1);
      const cb = await fake.interact({ name: 'status', permissions: PERMS_MEMBER });
      expect(cb.body.type).toBe(4);
    } finally {
      await gw.stop();
      await fake.close();
    }
  });

  it('a wrong token is refused at REST and login fails', async () => {
    const fake = await FakeDiscord.start();
    const deps = makeCommandDeps();
    try {
      await expect(
        startDiscordGateway({ token: 'not-the-token', apiUrl: fake.apiUrl, commandDeps: deps, logger: deps.logger, readyTimeoutMs: 5_000 }),
      ).rejects.toThrow(/token/i);
      expect(fake.identifies).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});
