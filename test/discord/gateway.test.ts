/**
 * Gateway mode end to end: the real discord.js client logs in to the fake Discord, receives INTERACTION_CREATE
 * for each command, and answers through the interaction callback. Exact callback bodies are asserted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordGateway, type DiscordGateway } from '../../src/adapters/discord/gateway.js';
import { describeWant, GENERIC_ERROR, NEED_MANAGE } from '../../src/core/commands/wording.js';
import type { ChannelRef, Subscription } from '../../src/core/types.js';
import { FakeDiscord, PERMS_MANAGER, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import { makeCommandDeps, type TestDeps } from './support.js';

const OK = 0x1f8b4c;
const REFUSED = 0xc0392b;
const ADMINISTRATOR_ONLY = (1n << 3n).toString();

/** What discord.js puts around our reply data in the callback body. */
const callback = (data: Record<string, unknown>) => ({
  type: 4,
  data: { tts: false, enforce_nonce: false, ...data, allowed_mentions: { parse: [] } },
});

describe('discord gateway: slash commands through the real client', () => {
  let fake: FakeDiscord;
  let gw: DiscordGateway;
  let deps: TestDeps;
  let channel: ChannelRef;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    deps = makeCommandDeps();
    gw = await startDiscordGateway({ token: fake.token, apiUrl: fake.apiUrl, commandDeps: deps, logger: deps.logger });
    channel = { platform: 'discord', id: fake.defaultChannel.id, workspace: fake.guild.id };
  });
  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });
  beforeEach(() => {
    deps.subscriptions.map.clear();
  });

  it('logs in with the bot token and the Guilds intent only, fetching the gateway URL over REST', () => {
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ token: fake.token, intents: 1 });
    const gatewayBot = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(gw.client.guilds.cache.get(fake.guild.id)?.name).toBe('Lithium Desk');
  });

  it('/subscribe from a member with Manage Channels: ephemeral confirmation, subscription stored', async () => {
    const cb = await fake.interact({ name: 'subscribe', permissions: PERMS_MANAGER });
    expect(cb.body).toEqual(
      callback({
        embeds: [
          {
            title: 'Subscribed',
            description: `Alerts: lithium-supply (lithium supply stories, plus news naming this channel\u2019s watchlist)\nWatchlist: empty`,
            color: OK,
          },
        ],
        flags: 64,
      }),
    );
    expect((await deps.subscriptions.get(channel))?.want).toBe('lithium-supply');
  });

  it('/subscribe what:all from a member without Manage Channels is refused ephemerally and changes nothing', async () => {
    await fake.interact({ name: 'subscribe', permissions: PERMS_MANAGER });
    const before = await deps.subscriptions.get(channel);
    const cb = await fake.interact({ name: 'subscribe', options: [{ name: 'what', type: 3, value: 'all' }], permissions: PERMS_MEMBER });
    expect(cb.body).toEqual(callback({ embeds: [{ title: 'Not allowed', description: NEED_MANAGE, color: REFUSED }], flags: 64 }));
    expect(await deps.subscriptions.get(channel)).toEqual(before);
  });

  it('checks the permission on receipt: Administrator alone may change settings, no permissions may not', async () => {
    const admin = await fake.interact({ name: 'subscribe', options: [{ name: 'what', type: 3, value: 'watchlist' }], permissions: ADMINISTRATOR_ONLY });
    expect(JSON.stringify(admin.body)).toContain(describeWant('watchlist').replace(': ', ' ('));
    const none = await fake.interact({ name: 'unsubscribe', options: [{ name: 'drop_watchlist', type: 5, value: true }], permissions: '0' });
    expect(JSON.stringify(none.body)).toContain(NEED_MANAGE);
    expect((await deps.subscriptions.get(channel))?.want).toBe('watchlist');
  });

  it('/watchlist add|list|remove subcommands reach the core with their options', async () => {
    const add = await fake.interact({
      name: 'watchlist',
      options: [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'ALB $sqm' }] }],
      permissions: PERMS_MANAGER,
    });
    expect(add.body).toEqual(
      callback({
        embeds: [
          {
            title: 'Watchlist updated',
            description:
              'Added: ALB (Albemarle), SQM (Sociedad Quimica y Minera)\n' +
              'Watchlist: ALB (Albemarle), SQM (Sociedad Quimica y Minera) \u2014 2 of 50\n' +
              // The core's hint, spelt the Discord way (discordSpell).
              'To get alerts for these tickers: /subscribe what:watchlist (watchlist news only) or /subscribe (supply stories too).',
            color: OK,
          },
        ],
        flags: 64,
      }),
    );
    const named = await fake.interact({
      name: 'watchlist',
      options: [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'QZLI' }, { name: 'name', type: 3, value: 'Quartzline Lithium' }] }],
      permissions: PERMS_MANAGER,
    });
    expect(JSON.stringify(named.body)).toContain('Added: QZLI (Quartzline Lithium)');
    await fake.interact({
      name: 'watchlist',
      options: [{ name: 'remove', type: 1, options: [{ name: 'symbols', type: 3, value: 'SQM' }] }],
      permissions: PERMS_MANAGER,
    });
    const list = await fake.interact({ name: 'watchlist', options: [{ name: 'list', type: 1 }], permissions: PERMS_MEMBER });
    const listed = JSON.stringify(list.body);
    expect(listed).toContain('ALB (Albemarle)');
    expect(listed).toContain('QZLI (Quartzline Lithium)');
    expect(listed).not.toContain('SQM');
    const sub = (await deps.subscriptions.get(channel)) as Subscription;
    expect(sub.watchlist).toEqual([{ symbol: 'ALB' }, { symbol: 'QZLI', name: 'Quartzline Lithium' }]);
  });

  it('anyone can /ticker; the reply is visible to the channel (no ephemeral flag)', async () => {
    const cb = await fake.interact({ name: 'ticker', options: [{ name: 'symbol', type: 3, value: 'albemarle' }], permissions: PERMS_MEMBER });
    expect(cb.body.type).toBe(4);
    expect(cb.body.data?.flags).toBeUndefined();
    expect(cb.body.data?.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(cb.body)).toContain('ALB');
    expect(JSON.stringify(cb.body)).not.toContain(NEED_MANAGE);
  });

  it('/unsubscribe drop_watchlist:true from a manager clears the channel', async () => {
    await fake.interact({ name: 'subscribe', permissions: PERMS_MANAGER });
    const cb = await fake.interact({ name: 'unsubscribe', options: [{ name: 'drop_watchlist', type: 5, value: true }], permissions: PERMS_MANAGER });
    expect(cb.body.data?.flags).toBe(64);
    expect((await deps.subscriptions.get(channel))?.want ?? null).toBeNull();
  });

  it('a bad option value is a refusal, and the client keeps answering afterwards', async () => {
    const bad = await fake.interact({
      name: 'watchlist',
      options: [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'AL\u0007B' }] }],
      permissions: PERMS_MANAGER,
    });
    expect(bad.body.data?.flags).toBe(64);
    expect(JSON.stringify(bad.body)).toContain('control or invisible characters');
    const after = await fake.interact({ name: 'status', permissions: PERMS_MEMBER });
    expect(after.body.type).toBe(4);
  });
});

describe('discord gateway: slow and failing command core', () => {
  let fake: FakeDiscord;
  let gw: DiscordGateway;
  const deps = makeCommandDeps();
  let mode: 'slow' | 'broken' | 'normal' = 'normal';
  const realGet = deps.subscriptions.get.bind(deps.subscriptions);
  deps.subscriptions.get = async (c) => {
    if (mode === 'broken') throw new Error('store exploded');
    if (mode === 'slow') await new Promise((r) => setTimeout(r, 300));
    return realGet(c);
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    gw = await startDiscordGateway({ token: fake.token, apiUrl: fake.apiUrl, commandDeps: deps, logger: deps.logger, deferAfterMs: 50 });
  });
  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it('an unexpected error becomes a generic ephemeral reply (no stack, no message leaked)', async () => {
    mode = 'broken';
    const cb = await fake.interact({ name: 'status', permissions: PERMS_MEMBER });
    mode = 'normal';
    expect(cb.body.data?.flags).toBe(64);
    const text = JSON.stringify(cb.body);
    expect(text).toContain(GENERIC_ERROR);
    expect(text).not.toContain('store exploded');
    expect(deps.logger.lines.some((l) => l.includes('store exploded'))).toBe(true);
  });

  it('a command slower than the defer threshold is deferred (ephemeral) and its reply sent as an edit', async () => {
    mode = 'slow';
    const cb = await fake.interact({ name: 'status', permissions: PERMS_MEMBER });
    expect(cb.body).toEqual({ type: 5, data: { flags: 64 } });
    const deadline = Date.now() + 5_000;
    let edit;
    while (!(edit = fake.requests.find((r) => r.method === 'PATCH' && r.path.endsWith(`${cb.token}/messages/@original`))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    mode = 'normal';
    expect(edit?.body).toMatchObject({ embeds: [{ title: 'Status of this channel' }], allowed_mentions: { parse: [] } });
  });
});
