/** Command definitions, registration against the fake (guild and global PUT bodies), the invite URL, options. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, flattenOptions, inviteUrl, registerCommands } from '../../src/adapters/discord/commands.js';
import { parseCommandOptions } from '../../src/core/commands/parse.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';

const SETTINGS = { default_member_permissions: '16', dm_permission: false, contexts: [0] };
const LOOKUP = { dm_permission: false, contexts: [0] };

describe('discord command definitions and registration', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('registers in a guild with one bulk PUT whose body is exactly the command list', async () => {
    const r = await registerCommands({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: fake.guild.id });
    expect(r).toEqual({ scope: 'guild', count: 10 });
    const puts = fake.requests.filter((q) => q.method === 'PUT');
    expect(puts.map((q) => q.path)).toEqual([`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`]);
    expect(puts[0]!.headers.authorization).toBe(`Bot ${fake.token}`);
    const body = puts[0]!.body as Record<string, unknown>[];
    expect(body.map((c) => c.name)).toEqual(['subscribe', 'unsubscribe', 'watchlist', 'ticker', 'filter', 'mention', 'status', 'feed', 'help', 'threads']);
    expect(body[0]).toEqual({
      name: 'subscribe',
      description: 'Post lithium-wire alerts in this channel, or change what it gets',
      ...SETTINGS,
      options: [
        {
          type: 3,
          name: 'what',
          description: 'What to post here (default: lithium-supply)',
          required: false,
          choices: [
            { name: 'lithium-supply', value: 'lithium-supply' },
            { name: 'watchlist', value: 'watchlist' },
            { name: 'all', value: 'all' },
          ],
        },
        {
          type: 3,
          name: 'digest',
          description: 'Each alert as it comes (realtime, the default), or an hourly or daily digest',
          required: false,
          choices: [
            { name: 'realtime', value: 'realtime' },
            { name: 'hourly', value: 'hourly' },
            { name: 'daily', value: 'daily' },
          ],
        },
        { type: 3, name: 'at', description: 'Daily digest time, 24-hour HH:MM (default 08:00)', required: false, max_length: 5 },
        { type: 3, name: 'tz', description: 'Time zone, e.g. Europe/London (default UTC)', required: false, max_length: 64 },
        { type: 3, name: 'quiet', description: 'Quiet hours HH:MM-HH:MM: alerts wait until they end (e.g. 22:00-07:00)', required: false, max_length: 11 },
      ],
    });
    expect(body[1]).toMatchObject({ name: 'unsubscribe', ...SETTINGS, options: [{ type: 5, name: 'drop_watchlist', required: false }] });
    expect(body[2]).toMatchObject({
      name: 'watchlist',
      ...LOOKUP,
      options: [
        { type: 1, name: 'add', options: [{ type: 3, name: 'symbols', required: true }, { type: 3, name: 'name', required: false }] },
        { type: 1, name: 'remove', options: [{ type: 3, name: 'symbols', required: true }] },
        { type: 1, name: 'list' },
      ],
    });
    expect(body[3]).toMatchObject({ name: 'ticker', ...LOOKUP, options: [{ type: 3, name: 'symbol', required: true }] });
    for (const lookup of body.slice(2, 9)) expect(lookup).not.toHaveProperty('default_member_permissions');
    expect(fake.commands.get(fake.guild.id)).toHaveLength(10);
    expect(body[9]).toMatchObject({ name: 'threads', ...SETTINGS, options: [{ type: 3, name: 'mode', required: true }, { type: 5, name: 'broadcast', required: false }] });
  });

  it('registers globally without a guild id', async () => {
    const r = await registerCommands({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl });
    expect(r).toEqual({ scope: 'global', count: 10 });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', path: `/applications/${fake.applicationId}/commands` });
    expect(fake.requests.at(-1)!.body).toEqual(JSON.parse(JSON.stringify(COMMANDS)));
  });

  it('a wrong token fails registration with the API error', async () => {
    await expect(
      registerCommands({ token: 'wrong-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: fake.guild.id }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('the invite URL asks for bot + applications.commands and View Channel, Send Messages, Embed Links, Read History', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // 1024 + 2048 + 16384 + 65536, and for threads Create Public Threads (1 << 35) + Send Messages in Threads (1 << 38)
    expect(url.searchParams.get('permissions')).toBe(String(84992 + 2 ** 35 + 2 ** 38));
  });

  it('every defined option reaches parseCommandOptions under the name the core reads', () => {
    const sub = flattenOptions([{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value: 'QZLI' }, { name: 'name', type: 3, value: 'Quartzline Lithium' }] }]);
    expect(sub).toEqual({ subcommand: 'add', symbols: 'QZLI', name: 'Quartzline Lithium' });
    expect(parseCommandOptions('watchlist', sub)).toEqual({ verb: 'watchlist', action: 'add', symbols: ['QZLI'], name: 'Quartzline Lithium' });
    expect(parseCommandOptions('unsubscribe', flattenOptions([{ name: 'drop_watchlist', type: 5, value: true }]))).toEqual({ verb: 'unsubscribe', dropWatchlist: true });
    expect(parseCommandOptions('subscribe', flattenOptions([{ name: 'what', type: 3, value: 'all' }]))).toEqual({ verb: 'subscribe', want: 'all' });
    expect(parseCommandOptions('ticker', flattenOptions([{ name: 'symbol', type: 3, value: 'PLS.AX' }]))).toEqual({ verb: 'ticker', symbol: 'PLS.AX' });
    expect(parseCommandOptions('watchlist', flattenOptions([{ name: 'list', type: 1 }]))).toEqual({ verb: 'watchlist', action: 'list' });
  });
});
