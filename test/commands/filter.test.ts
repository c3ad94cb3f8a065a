/**
 * `filter` and `mention` in the command core: parsing (both forms) with its refusals, set/show/clear against a
 * store, permissions (changes need manage, viewing is open), and /status showing both.
 */
import { describe, expect, it } from 'vitest';
import { handleCommandOptions } from '../../src/core/commands/handlers.js';
import { commandOptionsOf, parseCommandOptions, parseCommandText } from '../../src/core/commands/parse.js';
import { NEED_MANAGE } from '../../src/core/commands/wording.js';
import { UserError } from '../../src/core/errors.js';
import type { DirectoryGroup, GroupDirectory } from '../../src/core/group-directory.js';
import { CHANNEL, ctxFor, makeTestDeps, refused, run } from './helpers.js';

const DISCORD = { platform: 'discord', id: '900000000000000001', workspace: '800000000000000001' };

describe('parse filter', () => {
  it('reads each kind, with aliases, commas and quoted phrases', () => {
    expect(parseCommandText('filter tickers ALB,SQM')).toEqual({ verb: 'filter', action: 'set', kind: 'tickers', values: ['ALB', 'SQM'] });
    expect(parseCommandText('filter move 5%')).toEqual({ verb: 'filter', action: 'set', kind: 'move', values: ['5'] });
    expect(parseCommandText('filter move 2.5')).toMatchObject({ values: ['2.5'] });
    expect(parseCommandText('filter topic supply')).toMatchObject({ kind: 'topics', values: ['supply'] });
    expect(parseCommandText('filter sources reuters "mining weekly"')).toMatchObject({ kind: 'sources', values: ['reuters', 'mining weekly'] });
    expect(parseCommandText('filter include "mine closure" suspen*')).toMatchObject({ kind: 'include', values: ['mine closure', 'suspen*'] });
    expect(parseCommandText('filter exclude "price target"')).toMatchObject({ kind: 'exclude', values: ['price target'] });
    expect(parseCommandText('filter')).toEqual({ verb: 'filter', action: 'show' });
    expect(parseCommandText('filter show')).toEqual({ verb: 'filter', action: 'show' });
    expect(parseCommandText('filter clear')).toEqual({ verb: 'filter', action: 'clear' });
    expect(parseCommandText('filter clear move')).toEqual({ verb: 'filter', action: 'clear', kind: 'move' });
  });

  it('refuses bad numbers, too many or too long values, regexes and short wildcards, in plain words', () => {
    const refusal = (text: string) => {
      try {
        parseCommandText(text);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('filter move five')).toMatch(/percentage above 0/);
    expect(refusal('filter move 0')).toMatch(/percentage above 0/);
    expect(refusal('filter move -3')).toMatch(/percentage above 0/);
    expect(refusal('filter move 5000')).toMatch(/at most 1000/);
    expect(refusal('filter move 5 6')).toMatch(/one number/);
    expect(refusal(`filter tickers ${Array.from({ length: 11 }, (_, i) => `T${i}`).join(' ')}`)).toMatch(/At most 10 tickers/);
    expect(refusal(`filter include "${'long '.repeat(15)}"`)).toMatch(/at most 60 characters/);
    expect(refusal('filter include "(a+)+$"')).toMatch(/Regular expressions are not supported/);
    expect(refusal('filter include li*um')).toMatch(/Regular expressions are not supported/);
    expect(refusal('filter include ab*')).toMatch(/at least 3 letters/);
    expect(refusal('filter include')).toMatch(/at least one value/);
    expect(refusal('filter colour red')).toMatch(/Filter by one of/);
    expect(refusal('filter clear colour')).toMatch(/Clear one of/);
  });

  it('reads the Discord option form, and commandOptionsOf is its inverse', () => {
    expect(parseCommandOptions('filter', { subcommand: 'move', percent: '7' })).toMatchObject({ kind: 'move', values: ['7'] });
    expect(parseCommandOptions('filter', { subcommand: 'include', phrases: '"mine closure" "force majeure"' })).toMatchObject({ values: ['mine closure', 'force majeure'] });
    expect(parseCommandOptions('filter', { subcommand: 'clear', kind: 'sources' })).toEqual({ verb: 'filter', action: 'clear', kind: 'sources' });
    expect(parseCommandOptions('filter', { subcommand: 'show' })).toEqual({ verb: 'filter', action: 'show' });
    for (const text of ['filter tickers ALB SQM', 'filter include "mine closure"', 'filter move 5', 'filter clear topics', 'filter']) {
      const req = parseCommandText(text);
      const { verb, options } = commandOptionsOf(req);
      expect(parseCommandOptions(verb, options), text).toEqual(req);
    }
  });
});

describe('parse mention', () => {
  it('reads a Slack user group (escaped or not, or its id), a Discord role, and the conditions', () => {
    expect(parseCommandText('mention <!subteam^S0614TZR7|lithium-desk> supply move 5')).toEqual({
      verb: 'mention',
      action: 'set',
      mention: { kind: 'usergroup', id: 'S0614TZR7', label: 'lithium-desk', onlySupply: true, minMovePct: 5 },
    });
    expect(parseCommandText('mention &lt;!subteam^S0614TZR7&gt;')).toMatchObject({ mention: { kind: 'usergroup', id: 'S0614TZR7' } });
    expect(parseCommandText('mention S0614TZR7 move:3')).toMatchObject({ mention: { id: 'S0614TZR7', minMovePct: 3 } });
    expect(parseCommandText('mention <@&123456789012345678>')).toMatchObject({ mention: { kind: 'role', id: '123456789012345678' } });
    expect(parseCommandOptions('mention', { role: '123456789012345678', only: 'supply', min_move: '4.5' })).toEqual({
      verb: 'mention',
      action: 'set',
      mention: { kind: 'role', id: '123456789012345678', onlySupply: true, minMovePct: 4.5 },
    });
    expect(parseCommandOptions('mention', { clear: 'true' })).toEqual({ verb: 'mention', action: 'clear' });
    expect(parseCommandOptions('mention', {})).toEqual({ verb: 'mention', action: 'show' });
    expect(parseCommandText('mention clear')).toEqual({ verb: 'mention', action: 'clear' });
  });

  it('reads a plain @handle (Slack with should_escape: false) as a handle to look up', () => {
    expect(parseCommandText('mention @lithium-desk only supply')).toEqual({ verb: 'mention', action: 'set', handle: 'lithium-desk', mention: { onlySupply: true } });
    expect(parseCommandText('mention @desk.eu_2 move 5')).toEqual({ verb: 'mention', action: 'set', handle: 'desk.eu_2', mention: { minMovePct: 5 } });
    for (const broadcast of ['@here', '@Channel', '@everyone']) expect(() => parseCommandText(`mention ${broadcast}`), broadcast).toThrow(/whole channel/);
  });

  it('refuses what is not a group or role, feed-style pings, and bad conditions', () => {
    for (const text of ['mention @everyone', 'mention <!channel>', 'mention <@U024BE7LH>', 'mention desk', 'mention S0614TZR7 move x', 'mention S0614TZR7 loudly']) {
      expect(() => parseCommandText(text), text).toThrow();
    }
    expect(() => parseCommandOptions('mention', { role: '123456789012345678', clear: 'true' })).toThrow(/not both/);
  });
});

describe('filter and mention handlers', () => {
  it('set, show, replace and clear filters; tickers and topics resolved; /status shows them', async () => {
    const deps = makeTestDeps();
    expect((await run(deps, 'filter move 5')).title).toBe('Not subscribed');
    await run(deps, 'subscribe all');
    const set = await run(deps, 'filter tickers albemarle, $SQM');
    expect(set.title).toBe('Filter set');
    expect(set.lines[0]).toBe('Filters: tickers ALB or SQM');
    await run(deps, 'filter move 5');
    await run(deps, 'filter topics supply');
    await run(deps, 'filter include "mine closure"');
    expect((await deps.subscriptions.get(CHANNEL))?.filter).toEqual({ tickers: ['ALB', 'SQM'], minMovePct: 5, topics: ['lithium-supply'], include: ['mine closure'] });
    const shown = await run(deps, 'filter', { canManage: false });
    expect(shown.lines).toEqual(['Filters: tickers ALB or SQM; move \u2265 5%; topics lithium-supply; including "mine closure"']);
    const status = await run(deps, 'status', { canManage: false });
    expect(status.fields).toContainEqual({ label: 'Filters', value: 'tickers ALB or SQM; move \u2265 5%; topics lithium-supply; including "mine closure"' });

    await run(deps, 'filter tickers PLS.AX');
    expect((await deps.subscriptions.get(CHANNEL))?.filter?.tickers).toEqual(['PLS.AX']);
    await run(deps, 'filter clear tickers');
    expect((await deps.subscriptions.get(CHANNEL))?.filter).toEqual({ minMovePct: 5, topics: ['lithium-supply'], include: ['mine closure'] });
    // Subscribing again changes what the channel wants, not its filters.
    await run(deps, 'subscribe lithium-supply');
    expect((await deps.subscriptions.get(CHANNEL))?.filter?.minMovePct).toBe(5);
    await run(deps, 'filter clear');
    expect((await deps.subscriptions.get(CHANNEL))?.filter).toBeUndefined();
    expect((await run(deps, 'filter')).lines).toEqual(['Filters: none (every alert of the subscription)']);
  });

  it('refuses an unknown ticker or topic with what to type instead, and changes nothing', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    await run(deps, 'filter move 3');
    const before = await deps.subscriptions.get(CHANNEL);
    const t = await run(deps, 'filter tickers ALB ZZZZQ');
    expect(t.status).toBe('refused');
    expect(t.lines.join(' ')).toMatch(/Unknown ticker "ZZZZQ"/);
    const topic = await run(deps, 'filter topics cobalt');
    expect(topic.status).toBe('refused');
    expect(topic.lines[0]).toMatch(/Unknown topic "cobalt"\. Topics: supply \(lithium-supply\)/);
    expect(await deps.subscriptions.get(CHANNEL)).toEqual(before);
  });

  it('topics come from the configured ones when the platform passes them', async () => {
    const deps = { ...makeTestDeps(), topics: [{ id: 'lithium-supply', short: 'supply' }, { id: 'nickel-supply', short: 'nickel supply' }] };
    await run(deps, 'subscribe all');
    await run(deps, 'filter topics nickel-supply "nickel supply"');
    expect((await deps.subscriptions.get(CHANNEL))?.filter?.topics).toEqual(['nickel-supply']);
  });

  it('changes need manage permission; viewing is open to everyone', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    for (const text of ['filter move 5', 'filter clear', 'filter include "mine closure"', 'mention S0614TZR7', 'mention clear', 'filter move five']) {
      expect(await run(deps, text, { canManage: false }), text).toEqual(refused('Not allowed', [NEED_MANAGE]));
    }
    expect((await run(deps, 'filter', { canManage: false })).status).toBe('ok');
    expect((await run(deps, 'mention', { canManage: false })).status).toBe('ok');
    expect((await deps.subscriptions.get(CHANNEL))?.filter).toBeUndefined();
  });

  it('a mention is set, shown in /status and cleared; its kind must fit the platform', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    const set = await run(deps, 'mention <!subteam^S0614TZR7|lithium-desk> supply move 5');
    expect(set.title).toBe('Mention set');
    expect(set.lines[0]).toBe('Mention: user group @lithium-desk (S0614TZR7), on supply stories with a move \u2265 5%');
    const status = await run(deps, 'status', { canManage: false });
    expect(status.fields).toContainEqual({ label: 'Mention', value: 'user group @lithium-desk (S0614TZR7), on supply stories with a move \u2265 5%' });
    expect((await run(deps, 'mention <@&123456789012345678>')).status).toBe('refused');
    await run(deps, 'mention clear');
    expect((await deps.subscriptions.get(CHANNEL))?.mention).toBeUndefined();

    const discord = ctxFor({ channel: DISCORD });
    await handleCommandOptions('subscribe', {}, discord, deps);
    expect((await handleCommandOptions('mention', { role: 'S0614TZR7' }, discord, deps)).status).toBe('refused');
    const ok = await handleCommandOptions('mention', { role: '123456789012345678', min_move: '10' }, discord, deps);
    expect(ok.lines[0]).toBe('Mention: role id 123456789012345678, on every alert with a move \u2265 10%');
    expect((await deps.subscriptions.get(DISCORD))?.mention).toEqual({ kind: 'role', id: '123456789012345678', minMovePct: 10 });
    // The span naming the role is marked, so Discord can render it as <@&ID>; the text stays plain for the others.
    expect(ok.mentions).toEqual([{ text: 'role id 123456789012345678', mention: { kind: 'role', id: '123456789012345678' } }]);
    const discordStatus = await handleCommandOptions('status', {}, discord, deps);
    expect(discordStatus.mentions).toEqual(ok.mentions);
    expect(discordStatus.fields).toContainEqual({ label: 'Mention', value: 'role id 123456789012345678, on every alert with a move \u2265 10%' });
  });

  it('a plain @handle is looked up in the group directory; unknown, unavailable or absent, it is refused plainly', async () => {
    const asked: string[] = [];
    const groups: GroupDirectory = {
      byHandle(handle: string): Promise<DirectoryGroup | undefined> {
        asked.push(handle);
        if (handle === 'no-scope') return Promise.reject(new UserError('SLACK_MISSING_SCOPE', 'add usergroups:read'));
        return Promise.resolve(handle.toLowerCase() === 'lithium-desk' ? { id: 'S0614TZR7', handle: 'lithium-desk' } : undefined);
      },
    };
    const deps = { ...makeTestDeps(), groups };
    await run(deps, 'subscribe');
    const set = await run(deps, 'mention @Lithium-Desk supply');
    expect(set.lines[0]).toBe('Mention: user group @lithium-desk (S0614TZR7), on supply stories');
    expect((await deps.subscriptions.get(CHANNEL))?.mention).toEqual({ kind: 'usergroup', id: 'S0614TZR7', label: 'lithium-desk', onlySupply: true });
    const unknown = await run(deps, 'mention @nobody-here');
    expect(unknown.status).toBe('refused');
    expect(unknown.lines.join(' ')).toMatch(/No user group @nobody-here in this workspace.*Copy group ID/);
    expect(await run(deps, 'mention @no-scope')).toMatchObject({ status: 'refused', lines: ['add usergroups:read'] });
    expect(asked).toEqual(['Lithium-Desk', 'nobody-here', 'no-scope']);
    // Nothing changed by the refusals; members are refused before any lookup.
    expect((await deps.subscriptions.get(CHANNEL))?.mention?.id).toBe('S0614TZR7');
    expect((await run(deps, 'mention @lithium-desk', { canManage: false })).title).toBe('Not allowed');
    expect(asked).toHaveLength(3);

    const without = makeTestDeps();
    await run(without, 'subscribe');
    const refusedHere = await run(without, 'mention @lithium-desk');
    expect(refusedHere.status).toBe('refused');
    expect(refusedHere.lines.join(' ')).toMatch(/Cannot look up @lithium-desk here.*<!subteam\^ID\|name> or its ID/);
    // On Discord a handle is not a role.
    const discord = ctxFor({ channel: DISCORD });
    await handleCommandOptions('subscribe', {}, discord, deps);
    expect((await handleCommandOptions('mention', { role: '@lithium-desk' }, discord, deps)).lines).toEqual(['Name a Discord role.']);
    expect(asked).toHaveLength(3);
  });
});
