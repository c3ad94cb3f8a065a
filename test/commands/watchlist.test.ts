import { describe, expect, it } from 'vitest';
import { CHANNEL, makeTestDeps, ok, refused, run } from './helpers.js';

const NOT_SUBSCRIBED_NOTE =
  'To get alerts for these tickers: /subscribe watchlist (watchlist news only) or /subscribe (supply stories too).';

async function symbols(deps: ReturnType<typeof makeTestDeps>): Promise<string[]> {
  return ((await deps.subscriptions.get(CHANNEL))?.watchlist ?? []).map((e) => e.symbol);
}

describe('/watchlist add', () => {
  it.each([
    ['ALB', 'ALB', 'Albemarle'],
    ['$ALB', 'ALB', 'Albemarle'],
    ['$alb', 'ALB', 'Albemarle'],
    ['SQM.US', 'SQM', 'Sociedad Quimica y Minera'],
    ['albemarle', 'ALB', 'Albemarle'],
    ['PLS.AX', 'PLS.AX', 'Pilbara Minerals'],
    ['300750.SZ', '300750.SZ', 'Contemporary Amperex Technology'],
    ['CATL', '300750.SZ', 'Contemporary Amperex Technology'],
    ['NYSE:ALB', 'ALB', 'Albemarle'],
    ['ASX:PLS', 'PLS.AX', 'Pilbara Minerals'],
    ['01772.HK', '1772.HK', 'Ganfeng Lithium (H shares)'],
    ['pilbara minerals', 'PLS.AX', 'Pilbara Minerals'],
    ['Sociedad Química y Minera', 'SQM', 'Sociedad Quimica y Minera'],
  ])('resolves %s to %s', async (written, symbol, name) => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe watchlist');
    expect(await run(deps, `watchlist add ${written}`)).toEqual(
      ok('Watchlist updated', [`Added: ${symbol} (${name})`, `Watchlist: ${symbol} (${name}) \u2014 1 of 50`]),
    );
    expect(await deps.subscriptions.get(CHANNEL)).toMatchObject({ want: 'watchlist', watchlist: [{ symbol }] });
  });

  it('takes several at once and ignores duplicates, in the command and on the list', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe all');
    await run(deps, 'watchlist add ALB');
    expect(await run(deps, 'watchlist add $ALB, SQM.US sqm albemarle 300750.SZ')).toEqual(
      ok('Watchlist updated', [
        'Added: SQM (Sociedad Quimica y Minera), 300750.SZ (Contemporary Amperex Technology)',
        'Already on the watchlist: ALB',
        'Watchlist: ALB (Albemarle), SQM (Sociedad Quimica y Minera), 300750.SZ (Contemporary Amperex Technology) \u2014 3 of 50',
      ]),
    );
    expect(await run(deps, 'watchlist add ALB')).toEqual(ok('Watchlist unchanged', ['Already on the watchlist: ALB']));
    expect(await symbols(deps)).toEqual(['ALB', 'SQM', '300750.SZ']);
  });

  it('refuses an unknown symbol with the closest known ones, and adds nothing', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    expect(await run(deps, 'watchlist add ALBB')).toEqual(
      refused('Nothing added', [
        'Unknown ticker "ALBB". Did you mean ALB?',
        'To watch a company outside the known list, add it with its name: /watchlist add ALBB name:"Company Name"',
      ]),
    );
    expect((await run(deps, 'watchlist add SQMM')).lines[0]).toBe('Unknown ticker "SQMM". Did you mean SQM or SGML?');
    expect((await run(deps, 'watchlist add ZZZZZZ')).lines[0]).toBe('Unknown ticker "ZZZZZZ", and no known ticker is close.');
    expect(await symbols(deps)).toEqual([]);
  });

  it('adds the known symbols of a mixed list and reports the rest', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    expect(await run(deps, 'watchlist add ALB ALBB')).toEqual(
      ok('Watchlist updated', [
        'Added: ALB (Albemarle)',
        'Unknown ticker "ALBB". Did you mean ALB?',
        'To watch a company outside the known list, add it with its name: /watchlist add ALBB name:"Company Name"',
        'Watchlist: ALB (Albemarle) \u2014 1 of 50',
      ]),
    );
    expect(await symbols(deps)).toEqual(['ALB']);
  });

  it('refuses a delisted company and points to its successor', async () => {
    const deps = makeTestDeps();
    expect(await run(deps, 'watchlist add ALTM')).toEqual(
      refused('Nothing added', ['ALTM (Arcadium Lithium) was delisted on 2025-03-06 (acquired by Rio Tinto); watch RIO (Rio Tinto) instead.']),
    );
    expect(deps.subscriptions.map.size).toBe(0);
  });

  it('adds one symbol outside the universe with its company name', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe watchlist');
    expect(await run(deps, 'watchlist add qzli name:"Quartzline Lithium"')).toEqual(
      ok('Watchlist updated', ['Added: QZLI (Quartzline Lithium)', 'Watchlist: QZLI (Quartzline Lithium) \u2014 1 of 50']),
    );
    expect((await deps.subscriptions.get(CHANNEL))?.watchlist).toEqual([{ symbol: 'QZLI', name: 'Quartzline Lithium' }]);
    // Once on the list it resolves like a known symbol, by symbol or by name.
    expect(await run(deps, 'watchlist add QZLI')).toEqual(ok('Watchlist unchanged', ['Already on the watchlist: QZLI']));
    expect(await run(deps, 'watchlist add quartzline lithium')).toEqual(ok('Watchlist unchanged', ['Already on the watchlist: QZLI']));
  });

  it('ignores a name given for a known symbol, and refuses a name without a usable symbol', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe');
    expect((await run(deps, 'watchlist add ALB name:"Something Else"')).lines.slice(0, 2)).toEqual([
      'Added: ALB (Albemarle)',
      'ALB is already known as Albemarle; the name you gave was not used.',
    ]);
    expect(await run(deps, 'watchlist add "quartz line" name:"Quartzline Lithium"')).toEqual(
      refused('Nothing added', [
        '"quartz line" is not a ticker symbol. Give the symbol with the name, e.g. watchlist add QZLI name:"Quartzline Lithium".',
      ]),
    );
    expect((await deps.subscriptions.get(CHANNEL))?.watchlist).toEqual([{ symbol: 'ALB' }]);
  });

  it('keeps a watchlist in a channel that is not subscribed, and says nothing will be posted', async () => {
    const deps = makeTestDeps();
    expect(await run(deps, 'watchlist add ALB')).toEqual(
      ok('Watchlist updated', ['Added: ALB (Albemarle)', 'Watchlist: ALB (Albemarle) \u2014 1 of 50', NOT_SUBSCRIBED_NOTE]),
    );
    expect(await deps.subscriptions.get(CHANNEL)).toMatchObject({ want: null, watchlist: [{ symbol: 'ALB' }], origin: 'command' });
  });

  it('caps a watchlist at 50 entries, all or nothing', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe watchlist');
    const sub = (await deps.subscriptions.get(CHANNEL))!;
    sub.watchlist = Array.from({ length: 49 }, (_, i) => ({ symbol: `X${i}`, name: `Company ${i}` }));
    await deps.subscriptions.put(sub);
    expect(await run(deps, 'watchlist add ALB SQM')).toEqual(
      refused('Nothing added', ['A watchlist holds at most 50 tickers. This one has 49, so 2 more do not fit (room for 1); remove some first.']),
    );
    expect((await run(deps, 'watchlist add ALB')).lines[1]).toMatch(/\u2014 50 of 50$/);
    expect((await run(deps, 'watchlist add SQM')).lines).toEqual([
      'A watchlist holds at most 50 tickers. This one has 50, so 1 more do not fit; remove some first.',
    ]);
    expect((await symbols(deps)).length).toBe(50);
  });

  it('keeps all three adds sent at once (settings changes are serialised per channel)', async () => {
    const deps = makeTestDeps();
    await Promise.all([run(deps, 'watchlist add ALB'), run(deps, 'watchlist add SQM'), run(deps, 'watchlist add PLS.AX')]);
    expect((await symbols(deps)).sort()).toEqual(['ALB', 'PLS.AX', 'SQM']);
  });
});

describe('/watchlist remove and list', () => {
  it('removes entries in any written form and reports those not on the list', async () => {
    const deps = makeTestDeps();
    await run(deps, 'subscribe all');
    await run(deps, 'watchlist add ALB SQM PLS.AX');
    await run(deps, 'watchlist add QZLI name:"Quartzline Lithium"');
    expect(await run(deps, 'watchlist remove $alb, pilbara minerals, quartzline lithium, TSLA')).toEqual(
      ok('Watchlist updated', [
        'Removed: ALB (Albemarle), PLS.AX (Pilbara Minerals), QZLI (Quartzline Lithium)',
        'Not on the watchlist: TSLA',
        'Watchlist: SQM (Sociedad Quimica y Minera) \u2014 1 of 50',
      ]),
    );
    expect(await run(deps, 'watchlist remove TSLA')).toEqual(
      refused('Nothing removed', ['Not on the watchlist: TSLA', 'Watchlist: SQM (Sociedad Quimica y Minera) \u2014 1 of 50']),
    );
    expect(await symbols(deps)).toEqual(['SQM']);
  });

  it('drops the record when the last entry of an unsubscribed channel goes', async () => {
    const deps = makeTestDeps();
    await run(deps, 'watchlist add ALB');
    expect(await run(deps, 'watchlist remove ALB')).toEqual(ok('Watchlist updated', ['Removed: ALB (Albemarle)', 'Watchlist: empty']));
    expect(deps.subscriptions.map.size).toBe(0);
  });

  it('lists entries with their names, open to members', async () => {
    const deps = makeTestDeps();
    expect(await run(deps, 'watchlist list', { canManage: false })).toEqual(
      ok('Watchlist', ['The watchlist is empty. Add tickers with /watchlist add ALB.']),
    );
    await run(deps, 'subscribe');
    await run(deps, 'watchlist add ALB 300750.SZ');
    await run(deps, 'watchlist add QZLI name:"Quartzline Lithium"');
    expect(await run(deps, 'watchlist list', { canManage: false })).toEqual(
      ok('Watchlist', [
        'ALB (Albemarle)',
        '300750.SZ (Contemporary Amperex Technology)',
        'QZLI (Quartzline Lithium), added by name (outside the known list)',
        '3 of 50 tickers.',
      ]),
    );
    await run(deps, 'unsubscribe');
    expect((await run(deps, 'watchlist', { canManage: false })).lines.slice(3)).toEqual([
      '3 of 50 tickers.',
      'Nothing is posted for these while the channel is not subscribed.',
      NOT_SUBSCRIBED_NOTE,
    ]);
  });
});
