/**
 * `/subscribe what:all digest:daily at:08:00 tz:Europe/London` through the real discord.js client on the fake
 * Discord: stored on the subscription and confirmed ephemerally; a bad zone is refused and changes nothing.
 */
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordGateway, type DiscordGateway } from '../../src/adapters/discord/gateway.js';
import { FakeDiscord, PERMS_MANAGER } from '../fakes/discord/fake-discord.js';
import { makeCommandDeps, type TestDeps } from '../discord/support.js';

const str = (name: string, value: string) => ({ name, type: 3, value });

describe('discord /subscribe with a digest', () => {
  let fake: FakeDiscord;
  let gw: DiscordGateway;
  let deps: TestDeps;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    deps = makeCommandDeps();
    gw = await startDiscordGateway({ token: fake.token, apiUrl: fake.apiUrl, commandDeps: deps, logger: deps.logger });
  });
  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it('digest:daily at:08:00 tz:Europe/London is stored and confirmed', async () => {
    const cb = await fake.interact({ name: 'subscribe', options: [str('what', 'all'), str('digest', 'daily'), str('at', '08:00'), str('tz', 'Europe/London')], permissions: PERMS_MANAGER });
    expect(cb.body.data?.flags).toBe(64);
    const embed = (cb.body.data?.embeds as APIEmbed[])[0]!;
    expect(embed.title).toBe('Subscribed');
    expect(embed.description).toContain('Delivery: a daily digest at 08:00 (Europe/London)');
    const sub = await deps.subscriptions.get({ platform: 'discord', id: fake.defaultChannel.id });
    expect(sub).toMatchObject({ want: 'all', digest: { mode: 'daily', at: '08:00', tz: 'Europe/London' } });
  });

  it('an unknown time zone is refused and the setting stays', async () => {
    const cb = await fake.interact({ name: 'subscribe', options: [str('digest', 'hourly'), str('tz', 'Mars/Olympus')], permissions: PERMS_MANAGER });
    const embed = (cb.body.data?.embeds as APIEmbed[])[0]!;
    expect(embed.description).toContain('Unknown time zone. Use an IANA name such as Europe/London');
    const sub = await deps.subscriptions.get({ platform: 'discord', id: fake.defaultChannel.id });
    expect(sub?.digest).toEqual({ mode: 'daily', at: '08:00', tz: 'Europe/London' });
  });
});
