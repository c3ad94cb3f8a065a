import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleCommand, handleCommandOptions, handleCommandText } from '../../src/core/commands/handlers.js';
import { handleTicker } from '../../src/core/commands/ticker.js';
import { GENERIC_ERROR, NEED_MANAGE } from '../../src/core/commands/wording.js';
import { UserError } from '../../src/core/errors.js';
import { CHANNEL, ctxFor, makeTestDeps, ok, refused, run } from './helpers.js';

describe('/status', () => {
  it('shows the subscription, watchlist, failing feeds with since when, healthy count and last alert', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe all');
    await run(deps, 'watchlist add ALB');
    await deps.feedStates.put({
      feedId: 'mining-weekly',
      primed: true,
      consecutiveFailures: 3,
      failingSince: '2026-11-26T09:00:00.000Z',
      lastError: { at: '2026-11-26T11:50:00.000Z', code: 'HTTP_503', message: 'GET https://x.example/?key=SECRET 503' },
    });
    await deps.feedStates.put({
      feedId: 'lme-news',
      primed: true,
      consecutiveFailures: 1,
      lastError: { at: '2026-11-23T12:00:00.000Z', code: 'TIMEOUT', message: 'slow' },
    });
    for (const feedId of ['wire', 'zhitong']) await deps.feedStates.put({ feedId, primed: true, consecutiveFailures: 0 });
    await deps.alerts.markDelivered(CHANNEL, '2026-11-26T11:15:00.000Z');
    await deps.alerts.markDelivered({ platform: 'slack', id: 'C0OTHER' }, '2026-11-26T11:59:00.000Z');

    const r = await run(deps, 'status', { canManage: false });
    expect(r).toEqual(
      ok(
        'Status of this channel',
        [
          'Feed lme-news: failing since 2026-11-23 12:00 UTC (3 days ago), 1 failure in a row, last error TIMEOUT',
          'Feed mining-weekly: failing since 2026-11-26 09:00 UTC (3 h ago), 3 failures in a row, last error HTTP_503',
        ],
        {
          fields: [
            { label: 'Alerts', value: 'all (all matched news (lithium supply, other topics, any tracked company), plus watchlist news)' },
            { label: 'Watchlist', value: 'ALB (Albemarle) \u2014 1 of 50' },
            { label: 'Feeds', value: '2 healthy, 2 failing' },
            { label: 'Last alert here', value: '2026-11-26 11:15 UTC (45 min ago)' },
          ],
        },
      ),
    );
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it('says plainly that a kept watchlist posts nothing, and shows a channel whose posts fail', async () => {
    const deps = makeTestDeps();
    await deps.subscriptions.put({
      channel: CHANNEL,
      want: null,
      watchlist: [{ symbol: 'ALB' }],
      origin: 'command',
      updatedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(await run(deps, 'status')).toEqual(
      ok(
        'Status of this channel',
        ['To get alerts for these tickers: /subscribe watchlist (watchlist news only) or /subscribe (supply stories too).'],
        {
          fields: [
            { label: 'Alerts', value: 'off: this channel is not subscribed (its watchlist is kept, but nothing is posted)' },
            { label: 'Watchlist', value: 'ALB (Albemarle) \u2014 1 of 50' },
            { label: 'Feeds', value: 'no feed polled yet' },
            { label: 'Last alert here', value: 'none yet' },
          ],
        },
      ),
    );

    await deps.subscriptions.put({
      channel: CHANNEL,
      want: 'lithium-supply',
      watchlist: [],
      origin: 'config',
      updatedAt: '2026-11-26T10:00:00.000Z',
      failing: { since: '2026-11-26T11:00:00.000Z', reason: 'missing access (403)' },
    });
    await deps.feedStates.put({ feedId: 'wire', primed: true, consecutiveFailures: 0 });
    const r = await run(deps, 'status');
    expect(r.lines).toEqual([
      'Posting here has failed since 2026-11-26 11:00 UTC (1 h ago) (missing access (403)), so alerts are paused. ' +
        'Give the bot access to this channel, then run /subscribe again.',
    ]);
    expect(r.fields).toEqual([
      { label: 'Alerts', value: 'lithium-supply (lithium supply stories, plus news naming this channel\u2019s watchlist)' },
      { label: 'Posting', value: 'failing since 2026-11-26 11:00 UTC (1 h ago): missing access (403)' },
      { label: 'Watchlist', value: 'empty' },
      { label: 'Feeds', value: 'all 1 healthy' },
      { label: 'Last alert here', value: 'none yet' },
      { label: 'Set by', value: 'the bot\u2019s configuration file' },
    ]);
  });
});

describe('/help', () => {
  it('lists the commands as this platform spells them', async () => {
    const deps = makeTestDeps({ spell: (t) => `/lithium ${t}` });
    expect(await run(deps, '', { canManage: false })).toEqual(
      ok('lithium-wire commands', [
        '/lithium subscribe [lithium-supply|watchlist|all]: post alerts in this channel (lithium-supply by default)',
        '/lithium subscribe lithium-supply digest daily 08:00 Europe/London quiet 22:00-07:00: a daily (or hourly) digest instead of each alert, with optional quiet hours',
        '/lithium unsubscribe [drop-watchlist]: stop alerts here; the watchlist is kept unless you drop it',
        '/lithium watchlist add <tickers…> [name:"Company"]: watch tickers, e.g. ALB, $SQM, PLS.AX, 300750.SZ, albemarle',
        '/lithium watchlist remove <tickers…>: stop watching tickers',
        "/lithium watchlist list: this channel's tickers",
        '/lithium threads on [broadcast]: later reports of a story as replies in a thread under its alert (broadcast: shown in the channel too)',
        '/lithium threads off: later reports edit the story\u2019s alert in place (the default)',
        "/lithium ticker <symbol>: a ticker's latest move",
        "/lithium status: this channel's setup, feed health and last alert",
        '/lithium filter tickers <tickers…>: post here only stories naming one of these tickers',
        '/lithium filter move <pct>: only stories with a share-price move of at least pct %, up or down',
        '/lithium filter topics|sources <words…>: only these topics (supply), or outlets, feed ids or feed tags (reuters)',
        '/lithium filter include|exclude <phrases…>: only stories with (or without) one of these whole-word phrases, e.g. "mine closure", suspen*',
        '/lithium filter clear [tickers|move|topics|sources|include|exclude]: remove one filter, or all',
        "/lithium filter: this channel's filters",
        '/lithium mention <group> [supply] [move <pct>]: mention a user group (@handle, <!subteam^ID|name> or its ID) on alerts, optionally supply stories or big moves only',
        '/lithium mention clear|show: stop mentioning, or show who is mentioned',
        '/lithium feed add <url> [tags…]: poll another RSS or Atom feed (fetched once first; admins)',
        '/lithium feed remove <id|url>: stop polling a feed added from chat (admins)',
        '/lithium feed pause|resume <id|url>: stop polling a feed for now, or start again; config feeds too (admins)',
        '/lithium feed list: every feed polled, with its health',
        'Changing settings needs permission to manage the channel; lookups are open to everyone.',
      ]),
    );
  });
});

describe('permissions', () => {
  it('refuses every settings change to a user who cannot manage the channel, and changes nothing', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe lithium-supply');
    await run(deps, 'watchlist add ALB');
    const before = await deps.subscriptions.get(CHANNEL);
    for (const text of ['subscribe all', 'unsubscribe', 'unsubscribe drop-watchlist', 'watchlist add SQM', 'watchlist remove ALB']) {
      expect(await run(deps, text, { canManage: false }), text).toEqual(refused('Not allowed', [NEED_MANAGE]));
    }
    expect(await handleCommandOptions('subscribe', { what: 'all' }, ctxFor({ canManage: false }), deps)).toEqual(
      refused('Not allowed', [NEED_MANAGE]),
    );
    expect(await deps.subscriptions.get(CHANNEL)).toEqual(before);
  });

  it('lets everyone look up: ticker, status, watchlist list, help', async () => {
    const deps = makeTestDeps();
    for (const text of ['ticker ALB', 'status', 'watchlist list', 'help']) {
      const r = await run(deps, text, { canManage: false });
      expect(r.status, text).toBe('ok');
      expect(r.lines, text).not.toContain(NEED_MANAGE);
    }
  });
});

describe('/ticker', () => {
  it('is answered by handleTicker, whatever the user may manage', async () => {
    const deps = makeTestDeps();
    const direct = await handleTicker({ verb: 'ticker', symbol: 'ALB' }, ctxFor({ canManage: false }), deps);
    expect(await run(deps, 'ticker ALB', { canManage: false })).toEqual(direct);
  });
});

describe('faults and refusals', () => {
  it('turns an unexpected error into a generic reply with a reference, logged with context, no stack or cause shown', async () => {
    const deps = makeTestDeps();
    deps.subscriptions.get = async () => {
      throw new Error('disk on fire at /var/lib/secret.sqlite');
    };
    const r = await run(deps, 'subscribe all');
    expect(r.status).toBe('error');
    expect(r.ephemeral).toBe(true);
    expect(r.title).toBe('Something went wrong');
    expect(r.lines[0]).toBe(GENERIC_ERROR);
    const ref = /^Reference: ([0-9A-F]{8})$/.exec(r.lines[1] ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(JSON.stringify(r)).not.toMatch(/disk|secret|at .*\.ts/);
    expect(deps.logged.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        msg: 'command failed',
        ctx: {
          verb: 'subscribe',
          channel: 'slack:C0LITHIUM',
          workspace: 'T0TEAM',
          user: 'U0ADMIN',
          ref,
          error: 'Error: disk on fire at /var/lib/secret.sqlite',
        },
      },
    ]);
  });

  it('shows a UserError raised inside a handler as a refusal with its message', async () => {
    const deps = makeTestDeps();
    deps.subscriptions.put = async () => {
      throw new UserError('STORE_READ_ONLY', 'Settings are read-only during maintenance.');
    };
    expect(await run(deps, 'subscribe')).toEqual(refused('Not possible', ['Settings are read-only during maintenance.']));
    expect(deps.logged.at(-1)).toMatchObject({ level: 'info', msg: 'command refused', ctx: { code: 'STORE_READ_ONLY' } });
  });

  it('refuses hostile and overlong arguments before touching any store', async () => {
    const deps = makeTestDeps();
    deps.subscriptions.get = async () => {
      throw new Error('must not be reached');
    };
    const hostile = '@everyone <@&123> <!channel> **bold** [link](http://x) ';
    expect(await run(deps, `watchlist add ${hostile.repeat(200)}`)).toEqual(
      refused('Not possible', ['That command is too long: keep it under 500 characters.']),
    );
    expect(await run(deps, `watchlist add ${hostile}`)).toEqual(
      refused('Not possible', ['One of those does not look like a ticker or company name.']),
    );
    expect(await run(deps, 'watchlist add QZLI name:"<!here> Corp"')).toEqual(
      refused('Not possible', ["A company name may hold letters, digits, spaces and . , & ' ( ) + - / only."]),
    );
    expect(await run(deps, 'ticker \u202EBLA')).toEqual(
      refused('Not possible', ['That command contains control or invisible characters. Please type it again as plain text.']),
    );
    expect(deps.logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('answers any text at all with a reply, never a throw or a fault', async () => {
    const deps = makeTestDeps();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 600 }),
          fc.tuple(fc.constantFrom('watchlist add ', 'watchlist remove ', 'subscribe ', 'ticker '), fc.string({ maxLength: 80 })).map(([a, b]) => a + b),
        ),
        fc.boolean(),
        async (text, canManage) => {
          const r = await handleCommandText(text, ctxFor({ canManage }), deps);
          expect(r.status).not.toBe('error');
          if (r.status === 'refused') expect(r.ephemeral).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    expect(deps.logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('handleCommand takes a parsed request directly', async () => {
    const deps = makeTestDeps();
    const r = await handleCommand({ verb: 'subscribe', want: 'watchlist' }, ctxFor(), deps);
    expect(r.title).toBe('Subscribed');
  });
});

describe('malformed settings commands from users who cannot manage the channel', () => {
  it('get the permission refusal, not a lesson in syntax', async () => {
    const deps = makeTestDeps();
    for (const text of ['subscribe everything', 'unsubscribe please', 'watchlist add <@&1>', 'watchlist frob', '/Subscribe x y']) {
      expect(await run(deps, text, { canManage: false }), text).toEqual(refused('Not allowed', [NEED_MANAGE]));
    }
    expect(await handleCommandOptions('watchlist', { subcommand: 'add', symbols: '@here' }, ctxFor({ canManage: false }), deps)).toEqual(
      refused('Not allowed', [NEED_MANAGE]),
    );
    // Lookups and unknown verbs still explain themselves.
    expect((await run(deps, 'watchlist list ALB', { canManage: false })).lines).toEqual(['"watchlist list" takes no tickers.']);
    expect((await run(deps, 'ticker', { canManage: false })).lines).toEqual(['Name a ticker or company, e.g. ticker ALB.']);
    expect((await run(deps, 'frob', { canManage: false })).title).toBe('Not possible');
  });
});
