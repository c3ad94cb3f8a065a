/**
 * The REST adapter against the fake Discord: exact message payloads, nonce idempotency, and the mapping of
 * every failure kind (403/404 permanent, 429 retry-after, 5xx/reset/timeout transient), one request per send.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, deliveryNonce } from '../../src/adapters/discord/rest-adapter.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { PermanentDeliveryError, RateLimitError, WireError } from '../../src/core/errors.js';
import type { ChatAdapter } from '../../src/core/ports.js';
import type { ChannelRef } from '../../src/core/types.js';
import { catlDelivery, hostileDelivery } from '../contract/fixtures.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { hasLiveMentionSyntax } from '../fakes/discord/validate.js';

describe('discord REST adapter', () => {
  let fake: FakeDiscord;
  let adapter: ChatAdapter;
  let chan: ChannelRef;
  let other: ChannelRef;
  const logger = createMemoryLogger();

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger, timeoutMs: 500 });
    chan = { platform: 'discord', id: fake.guild.channels[0]!.id, workspace: fake.guild.id };
    other = { platform: 'discord', id: fake.guild.channels[1]!.id, workspace: fake.guild.id };
  });
  afterEach(() => {
    fake.faults.clear();
    fake.refused.clear();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('posts the CATL alert as one embed with the exact payload, nonce and enforce_nonce', async () => {
    const sent = await adapter.send(catlDelivery(chan));
    const post = fake.messagePosts(chan.id).at(-1)!;
    expect(post.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(post.body).toEqual({
      embeds: [
        {
          title: 'Lithium miners rally as CATL weighs mine, plant suspensions - Citi',
          url: 'https://wire.example.com/markets/20240911/lithium-miners-catl-suspension',
          author: { name: 'Reuters-style wire' },
          description:
            '**Why:** supply: suspend + lithium mine; subject CATL\n\n' +
            'CATL is considering idling part of its lithium mining and carbonate production, according to a Citi research ' +
            'note. Albemarle closed up 13.6%, SQM rose 10% and Arcadium Lithium added 15.5%. Citi estimates up to 6,000 ' +
            'tons per month of supply could be removed.',
          fields: [
            { name: 'ALB', value: '+13.6%', inline: true },
            { name: 'SQM', value: '+10%', inline: true },
            { name: 'Supply', value: '−6,000 t/month', inline: true },
            { name: 'Output', value: '\u221214%', inline: true },
            { name: 'Tickers', value: '300750.SZ, ALB, SQM, ALTM', inline: false },
          ],
          color: 0x1f8b4c,
          footer: { text: 'lithium-wire \u00b7 Lithium supply' },
          timestamp: '2024-09-11T20:42:00.000Z',
        },
      ],
      allowed_mentions: { parse: [] },
      nonce: deliveryNonce('contract-feed:catl-2024-09-11', chan.id),
      enforce_nonce: true,
    });
    expect(sent.messageId).toBe(fake.channelMessages(chan.id).at(-1)!.id);
  });

  it('a watchlist hit is coloured differently and names the watched symbols', async () => {
    await adapter.send(catlDelivery(chan, { watched: ['ALB'] }));
    const embed = (fake.messagePosts(chan.id).at(-1)!.body as { embeds: Record<string, unknown>[] }).embeds[0]!;
    expect(embed.color).toBe(0xe67e22);
    expect(embed.fields).toContainEqual({ name: 'On this channel\u2019s watchlist', value: 'ALB', inline: false });
    expect(embed.footer).toEqual({ text: 'lithium-wire \u00b7 Watchlist' });
  });

  it('asks the deliverer to space posts to one channel by a second (Discord: 5 per 5 s per channel)', () => {
    expect(adapter.platform).toBe('discord');
    expect(adapter.minChannelIntervalMs).toBe(1000);
  });

  it('nonces are deterministic per (alert, channel), at most 25 characters, and differ across channels', () => {
    const a = deliveryNonce('feed:1', '810000000000000001');
    expect(a).toBe(deliveryNonce('feed:1', '810000000000000001'));
    expect(a.length).toBeLessThanOrEqual(25);
    expect(a).not.toBe(deliveryNonce('feed:1', '810000000000000002'));
    expect(a).not.toBe(deliveryNonce('feed:2', '810000000000000001'));
  });

  it('a resend of the same delivery returns the first message: no duplicate in the channel', async () => {
    const d = { ...catlDelivery(other), alert: { ...catlDelivery(other).alert, id: 'feed:resend-1' } };
    const before = fake.channelMessages(other.id).length;
    const first = await adapter.send(d);
    const second = await adapter.send(d);
    expect(second.messageId).toBe(first.messageId);
    expect(fake.channelMessages(other.id)).toHaveLength(before + 1);
  });

  it('a timeout after Discord created the message, then a resend: still one message (nonce)', async () => {
    const d = { ...catlDelivery(other), alert: { ...catlDelivery(other).alert, id: 'feed:crash-window' } };
    const before = fake.channelMessages(other.id).length;
    fake.failNext({ action: { kind: 'commit-then-hang' } });
    const err = await adapter.send(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WireError);
    expect((err as WireError).code).toBe('TRANSIENT');
    const again = await adapter.send(d);
    expect(fake.channelMessages(other.id)).toHaveLength(before + 1);
    expect(again.messageId).toBe(fake.channelMessages(other.id).at(-1)!.id);
  });

  it.each([
    ['missing-access', 'DISCORD_50001'],
    ['missing-permissions', 'DISCORD_50013'],
    ['unknown-channel', 'DISCORD_10003'],
  ] as const)('a %s refusal is a PermanentDeliveryError %s after exactly one request', async (kind, code) => {
    fake.refuseChannel(other.id, kind);
    const before = fake.messagePosts(other.id).length;
    const err = await adapter.send(catlDelivery(other)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).code).toBe(code);
    expect(fake.messagePosts(other.id)).toHaveLength(before + 1);
  });

  it('a channel the bot has never seen is 404 Unknown Channel, permanent', async () => {
    const err = await adapter.send(catlDelivery({ platform: 'discord', id: '899999999999999999' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).code).toBe('DISCORD_10003');
  });

  it('429 rejects at once with RateLimitError carrying exactly the retry-after, after one request', async () => {
    // Its own adapter: after a 429 the REST client holds the channel's bucket until the reset, as it should.
    const own = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger, timeoutMs: 500 });
    fake.rateLimitNext(2.5);
    const before = fake.messagePosts(chan.id).length;
    const err = await own.send(catlDelivery(chan)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(2500);
    expect(fake.messagePosts(chan.id)).toHaveLength(before + 1);
    const held = await own.send(catlDelivery(chan)).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(RateLimitError);
    expect(fake.messagePosts(chan.id)).toHaveLength(before + 1);
  });

  it('a global 429 is a RateLimitError, and sends inside the window reject without a request', async () => {
    // Its own adapter: the REST client remembers a global limit, as it should, for every later request.
    const own = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, logger, timeoutMs: 500 });
    fake.rateLimitNext(1, { global: true });
    const before = fake.messagePosts(chan.id).length;
    const err = await own.send(catlDelivery(chan)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(1000);
    const again = await own.send(catlDelivery(chan)).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(RateLimitError);
    expect((again as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    expect((again as RateLimitError).retryAfterMs).toBeLessThanOrEqual(1000);
    expect(fake.messagePosts(chan.id)).toHaveLength(before + 1);
  });

  it.each([
    ['500', { kind: 'status', status: 500 }],
    ['502', { kind: 'status', status: 502 }],
    ['connection reset', { kind: 'reset' }],
    ['timeout', { kind: 'hang' }],
  ] as const)('%s is a transient WireError after exactly one request (the outbox retries)', async (_label, action) => {
    fake.failNext({ action });
    const before = fake.messagePosts(chan.id).length;
    const err = await adapter.send(catlDelivery(chan)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WireError);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect((err as WireError).code).toBe('TRANSIENT');
    expect(fake.messagePosts(chan.id)).toHaveLength(before + 1);
  });

  it('the hostile headline posts escaped, cut to the limits, with nothing pingable anywhere', async () => {
    await adapter.send(hostileDelivery(chan));
    const body = fake.messagePosts(chan.id).at(-1)!.body as { embeds: { title: string; description: string; author: { name: string } }[] };
    const [embed] = body.embeds;
    expect(embed!.title.length).toBeLessThanOrEqual(256);
    expect(embed!.title.endsWith('\u2026')).toBe(true);
    expect(embed!.title.startsWith('@\u200beveryone <\u200b@\u200b&123> <!channel> \\*\\*bold\\*\\* [link]\u200b(http://x)')).toBe(true);
    expect(JSON.stringify(body).length).toBeLessThan(10_000);
    expect(hasLiveMentionSyntax(body)).toBe(false);
    expect(JSON.stringify(body)).not.toMatch(/\]\(http:\/\/x\)/);
    expect(body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(embed!.author.name).toBe('@\u200beveryone <!channel> *Wire*');
  });

  it('the fake enforces Discord limits, so a passing post really is within them', async () => {
    const { REST, Routes } = await import('discord.js');
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
    const err = await rest.post(Routes.channelMessages(chan.id), { body: { embeds: [{ title: 'x'.repeat(257) }] } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 50035 });
  });
});
