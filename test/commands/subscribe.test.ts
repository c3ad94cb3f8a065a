import { describe, expect, it } from 'vitest';
import { CONFIG_OWNED, describeWant } from '../../src/core/commands/wording.js';
import { CHANNEL, makeTestDeps, ok, refused, run } from './helpers.js';

const NOW = '2026-11-26T12:00:00.000Z';

describe('/subscribe', () => {
  it('subscribes to lithium-supply by default and replies with the setup, ephemerally', async () => {
    const deps = makeTestDeps();
    expect(await run(deps, 'subscribe')).toEqual(
      ok('Subscribed', [
        'Alerts: lithium-supply (lithium supply stories, plus news naming this channel\u2019s watchlist)',
        'Watchlist: empty',
      ]),
    );
    expect(await deps.subscriptions.get(CHANNEL)).toEqual({
      channel: CHANNEL,
      want: 'lithium-supply',
      watchlist: [],
      origin: 'command',
      updatedAt: NOW,
      failing: undefined,
    });
  });

  it('takes each want, and re-subscribing changes the setting', async () => {
    const deps = makeTestDeps();
    expect(await run(deps, 'subscribe watchlist')).toEqual(
      ok('Subscribed', [
        'Alerts: watchlist (only news naming this channel\u2019s watchlist)',
        'Watchlist: empty',
        'Nothing will be posted until the watchlist has tickers: /watchlist add ALB.',
      ]),
    );
    expect(await run(deps, 'subscribe all')).toEqual(
      ok('Subscription changed', [
        'Alerts: all (all matched news (lithium supply, other topics, any tracked company), plus watchlist news)',
        'Watchlist: empty',
      ]),
    );
    expect((await run(deps, 'subscribe all')).title).toBe('Already subscribed');
    expect((await run(deps, 'subscribe lithium-supply')).lines[0]).toBe(`Alerts: ${describeWant('lithium-supply')}`);
    expect(deps.subscriptions.map.size).toBe(1);
    expect((await deps.subscriptions.get(CHANNEL))?.want).toBe('lithium-supply');
  });

  it('keeps the watchlist across a change of want', async () => {
    const deps = makeTestDeps();
    await run(deps, 'watchlist add ALB');
    const r = await run(deps, 'subscribe watchlist');
    expect(r.lines).toEqual([`Alerts: ${describeWant('watchlist')}`, 'Watchlist: ALB (Albemarle) \u2014 1 of 50']);
  });

  it('resumes a channel marked failing, and says so', async () => {
    const deps = makeTestDeps();
    await deps.subscriptions.put({
      channel: CHANNEL,
      want: 'all',
      watchlist: [],
      origin: 'command',
      updatedAt: '2026-11-20T00:00:00.000Z',
      failing: { since: '2026-11-25T09:00:00.000Z', reason: 'not_in_channel' },
    });
    const r = await run(deps, 'subscribe all');
    expect(r.lines).toEqual([`Alerts: ${describeWant('all')}`, 'Watchlist: empty', 'Posting was paused after a failure; it resumes now.']);
    expect((await deps.subscriptions.get(CHANNEL))?.failing).toBeUndefined();
  });
});

describe('/unsubscribe', () => {
  it('stops alerts but keeps the watchlist, as want: null', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe all');
    await run(deps, 'watchlist add ALB SQM');
    expect(await run(deps, 'unsubscribe')).toEqual(
      ok('Unsubscribed', [
        'No more alerts will be posted here.',
        'The watchlist is kept (2 tickers): /subscribe brings alerts back, /unsubscribe drop-watchlist deletes it.',
      ]),
    );
    const sub = await deps.subscriptions.get(CHANNEL);
    expect(sub?.want).toBeNull();
    expect(sub?.watchlist).toEqual([{ symbol: 'ALB' }, { symbol: 'SQM' }]);

    // Subscribing again picks the kept list up.
    expect((await run(deps, 'subscribe watchlist')).lines).toEqual([
      `Alerts: ${describeWant('watchlist')}`,
      'Watchlist: ALB (Albemarle), SQM (Sociedad Quimica y Minera) \u2014 2 of 50',
    ]);
  });

  it('drops the watchlist when asked, leaving no record', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    await run(deps, 'watchlist add ALB');
    expect(await run(deps, 'unsubscribe drop-watchlist')).toEqual(
      ok('Unsubscribed', ['No more alerts will be posted here.', 'The watchlist (1 ticker) was deleted.']),
    );
    expect(deps.subscriptions.map.size).toBe(0);
  });

  it('removes a subscription with an empty watchlist entirely', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    expect(await run(deps, 'unsubscribe')).toEqual(ok('Unsubscribed', ['No more alerts will be posted here.']));
    expect(deps.subscriptions.map.size).toBe(0);
  });

  it('says so when the channel was not subscribed, and can still delete a kept watchlist', async () => {
    const deps = makeTestDeps();
    expect(await run(deps, 'unsubscribe')).toEqual(
      ok('Not subscribed', ['This channel was not subscribed; nothing changed.', 'Watchlist: empty']),
    );
    await run(deps, 'watchlist add ALB');
    expect((await run(deps, 'unsubscribe')).title).toBe('Not subscribed');
    expect(await run(deps, 'unsubscribe drop-watchlist')).toEqual(ok('Watchlist deleted', ['The watchlist (1 ticker) was deleted.']));
    expect(deps.subscriptions.map.size).toBe(0);
  });
});

describe('subscriptions from the config file', () => {
  it('are read-only from chat', async () => {
    const deps = makeTestDeps();
    const sub = { channel: CHANNEL, want: 'all' as const, watchlist: [], origin: 'config' as const, updatedAt: NOW };
    await deps.subscriptions.put(sub);
    for (const text of ['subscribe watchlist', 'unsubscribe', 'watchlist add ALB', 'watchlist remove ALB']) {
      expect(await run(deps, text), text).toEqual(refused('Set in configuration', [CONFIG_OWNED]));
    }
    expect(await deps.subscriptions.get(CHANNEL)).toEqual(sub);
  });
});
