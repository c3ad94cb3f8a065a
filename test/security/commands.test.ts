/**
 * Slash-command arguments of any length or alphabet get a clear refusal, never a fault, on both platforms.
 * A property over the command core (text form and Discord's option form), each reply rendered by both platforms'
 * real formatters and checked for pings and limits; then a few hostile commands through the real Bolt app (signed
 * HTTP) and the real discord.js gateway client, checking the refusal the user sees and that nothing changed.
 */
import fc from 'fast-check';
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyMessage as discordReply, STATUS_COLOURS } from '../../src/adapters/discord/format.js';
import { replyMessage as slackReply } from '../../src/adapters/slack/format.js';
import { handleCommandOptions, handleCommandText } from '../../src/core/commands/handlers.js';
import { MAX_COMMAND_CHARS } from '../../src/core/commands/parse.js';
import type { Reply } from '../../src/core/commands/types.js';
import { makeTestDeps } from '../contract/reference-harness.js';
import { makeDiscordHarness, type DiscordHarness } from '../discord/harness.js';
import { visibleText as discordVisible } from '../discord/support.js';
import { couldPing, hasLiveMentionSyntax, validateMessageBody } from '../fakes/discord/validate.js';
import { PERMS_MANAGER } from '../fakes/discord/fake-discord.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { visibleText } from '../fakes/slack/visible-text.js';
import { startSlackRig, type SlackRig } from '../slack/support.js';
import { HOSTILE } from './feed-gen.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const CHANNEL = { platform: 'slack', id: 'C0CMD', workspace: 'T0LITHIUM' };

/** Text of any alphabet and length: binary code units, graphemes, hostile fragments, and very long runs. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 800 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }).map((a) => a.join(' ')),
  fc.tuple(fc.constantFrom('a', '\u{1F600}', '\u202e', '@', '<', '\u0000', '\u0661', '\u4e2d'), fc.integer({ min: 400, max: 20_000 })).map(([c, n]) => c.repeat(n)),
);
const verbPrefix = fc.constantFrom('', 'subscribe ', 'unsubscribe ', 'watchlist add ', 'watchlist remove ', 'watchlist add QZLI name:', 'ticker ', 'status ', 'help ');

/** The reply is clear (title and a reason), safe on both platforms, and a refusal stays private. */
function checkReply(r: Reply): void {
  expect(r.status).not.toBe('error');
  expect(r.title.trim()).not.toBe('');
  if (r.status === 'refused') {
    expect(r.ephemeral).toBe(true);
    expect(r.lines.join(' ').trim().length).toBeGreaterThan(10);
  }
  const d = discordReply(r);
  const body = d as unknown as Record<string, unknown>;
  expect(couldPing(body)).toBe(false);
  expect(hasLiveMentionSyntax(body)).toBe(false);
  expect(validateMessageBody(body)).toEqual([]);
  const s = slackReply(r);
  expect(messageCanPing(s)).toBe(false);
  expect(blockProblems(s.blocks)).toEqual([]);
}

describe('the command core under any text', () => {
  it(`${RUNS} generated commands (text form): a reply, never a fault; refusals private; safe on Discord and Slack`, async () => {
    const deps = makeTestDeps();
    await fc.assert(
      fc.asyncProperty(verbPrefix, anyText, fc.boolean(), async (verb, text, canManage) => {
        const input = verb + text;
        const r = await handleCommandText(input, { channel: CHANNEL, user: { id: 'U0X' }, canManage }, deps);
        checkReply(r);
        if (input.length > MAX_COMMAND_CHARS && canManage) {
          expect(r).toMatchObject({ status: 'refused', lines: [`That command is too long: keep it under ${MAX_COMMAND_CHARS} characters.`] });
        }
      }),
      { numRuns: RUNS },
    );
    expect(deps.logged.filter((l) => l.level === 'error')).toEqual([]);
  }, 60_000);

  it(`${Math.ceil(RUNS / 2)} generated commands (Discord option form): the same guarantees`, async () => {
    const deps = makeTestDeps();
    const optionName = fc.constantFrom('symbols', 'symbol', 'name', 'what', 'drop_watchlist', 'subcommand', '__proto__', 'constructor');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('subscribe', 'unsubscribe', 'watchlist', 'ticker', 'status', 'help', 'frobnicate', '', '__proto__'),
        fc.dictionary(optionName, anyText, { maxKeys: 4 }),
        fc.boolean(),
        async (verb, options, canManage) => {
          const r = await handleCommandOptions(verb, options, { channel: CHANNEL, user: { id: 'U0X' }, canManage }, deps);
          checkReply(r);
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
    expect(deps.logged.filter((l) => l.level === 'error')).toEqual([]);
  }, 60_000);
});

/** As Slack sends command text: `&`, `<` and `>` escaped. */
const slackEscaped = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const CASES: [string, string, string][] = [
  ['a 5,000-character argument', `watchlist add ${'A'.repeat(5000)}`, `That command is too long: keep it under ${MAX_COMMAND_CHARS} characters.`],
  ['mentions as symbols', 'watchlist add @everyone <@&820000000000000001> <!channel> <!subteam^S1|x>', 'One of those does not look like a ticker or company name.'],
  ['a bidi override', 'ticker \u202eBLA', 'That command contains control or invisible characters. Please type it again as plain text.'],
  ['a markdown link as a company name', 'watchlist add QZLI name:"[x](http://evil.example)"', "A company name may hold letters, digits, spaces and . , & ' ( ) + - / only."],
  ['an unknown verb full of markup', '**<!here>** `x`', 'Unknown command. Commands: subscribe, unsubscribe, watchlist, filter, mention, threads, ticker, status, feed, help.'],
];

describe('hostile commands through the real Slack app (signed HTTP)', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ admins: ['U0ADMIN'] });
  });
  afterAll(async () => rig?.close());

  it.each(CASES)('%s → an ephemeral refusal saying what is wrong, pinging nobody, changing nothing', async (_what, text, line) => {
    const { http, reply } = await rig.slash(slackEscaped(text));
    expect(http.status).toBe(200);
    expect(reply!.body.response_type).toBe('ephemeral');
    expect(visibleText(reply!.body)).toContain(line);
    expect(messageCanPing(reply!.body)).toBe(false);
    expect(blockProblems(reply!.body.blocks)).toEqual([]);
    expect(await rig.deps.subscriptions.list()).toEqual([]);
  });
});

describe('hostile commands through the real discord.js gateway client', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await makeDiscordHarness();
  });
  afterAll(async () => h?.close());

  const symbols = (value: string) => [{ name: 'add', type: 1, options: [{ name: 'symbols', type: 3, value }] }];
  it.each([
    ['a 6,000-character option', symbols('A'.repeat(6000)), `That command is too long: keep it under ${MAX_COMMAND_CHARS} characters.`],
    ['mentions as symbols', symbols('@everyone <@&820000000000000001> <@710000000000000001>'), 'One of those does not look like a ticker or company name.'],
    ['zero-width characters', symbols('A\u200bL\u200dB'), 'That command contains control or invisible characters. Please type it again as plain text.'],
    ['emoji and CJK', symbols('\u{1F525}\u{1F525} 中文 ٣٣٣'), 'does not look like a ticker or company name.'],
  ] as const)('%s → an ephemeral refusal embed, no mention possible, nothing stored', async (_what, options, line) => {
    const cb = await h.fake.interact({ name: 'watchlist', options: [...options], permissions: PERMS_MANAGER });
    const data = cb.body.data ?? {};
    expect(data.flags).toBe(64);
    const embed = (data.embeds as APIEmbed[])[0]!;
    expect(embed.color).toBe(STATUS_COLOURS.refused);
    expect(discordVisible([embed])).toContain(line);
    expect(couldPing(data)).toBe(false);
    expect(hasLiveMentionSyntax(data)).toBe(false);
    expect(await h.deps.subscriptions.list()).toEqual([]);
  });
});
