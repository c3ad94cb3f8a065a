/**
 * /ticker through the real stack: handleTicker → cache → Yahoo provider → loopback fake of the chart endpoint.
 * Each mode of the fake is asserted as the exact neutral Reply the Discord and Slack adapters render.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { spellAsOptions, spellAsText } from '../../src/core/commands/spell.js';
import { handleTicker } from '../../src/core/commands/ticker.js';
import type { QuoteProvider, Reply } from '../../src/core/commands/types.js';
import { createCachedQuotes } from '../../src/quotes/cache.js';
import { createYahooQuotes } from '../../src/quotes/yahoo.js';
import { alert, commandDeps, ctx, testClock, type TestClock, suiteQuotesServer } from './helpers.js';

let clock: TestClock;
const server = suiteQuotesServer({ slowMs: 1000 });
beforeEach(() => {
  clock = testClock('2026-11-19T16:00:00Z');
});

function stack(timeoutMs = 1500): QuoteProvider {
  return createCachedQuotes(createYahooQuotes({ baseUrl: server().url, timeoutMs, logger: createMemoryLogger(), clock }), { clock });
}

/** Deps whose alert log holds two ALB moves and one ALB story without a move. */
async function withNews(quotes: QuoteProvider | undefined) {
  const made = commandDeps(clock, quotes);
  await made.alerts.record(alert({
    title: 'Albemarle jumps as CATL halts Jianxiawo lepidolite mine',
    link: 'https://news.example/catl-halt',
    published: '2026-11-10T14:02:00Z',
    tickers: ['ALB', '300750.SZ'],
    figures: [{ kind: 'move', symbol: 'ALB', pct: 13.6 }, { kind: 'move', symbol: '300750.SZ', pct: -2.1 }],
  }));
  await made.alerts.record(alert({
    title: 'Lithium stocks slide as spodumene price falls',
    link: 'https://news.example/slide',
    published: '2026-11-18T09:15:00Z',
    tickers: ['ALB', 'PLS.AX'],
    figures: [{ kind: 'move', symbol: 'PLS.AX', pct: -7.5 }, { kind: 'move', symbol: 'ALB', pct: -4.2 }],
  }));
  await made.alerts.record(alert({
    title: 'Albemarle to review Kemerton expansion',
    published: '2026-11-19T08:00:00Z',
    tickers: ['ALB'],
    figures: [{ kind: 'change', pct: -14, what: 'output' }],
  }));
  return made;
}

/** The news part of every ALB reply; `ago` is how old the two stories read at the test's clock. */
function albNews(ago: [string, string] = ['30 h ago', '9 days ago']): string[] {
  return [
    'Moves seen in the news:',
    `ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (${ago[0]})`,
    `ALB +13.6% · Albemarle jumps as CATL halts Jianxiawo lepidolite mine · 2026-11-10 14:02 UTC (${ago[1]})`,
  ];
}
const ALB_LINKS = [
  { label: 'Lithium stocks slide as spodumene price falls', url: 'https://news.example/slide' },
  { label: 'Albemarle jumps as CATL halts Jianxiawo lepidolite mine', url: 'https://news.example/catl-halt' },
];

/** The reply when the quote is missing: the news moves alone, with the reason. */
function quoteless(reason: string): Reply {
  return {
    status: 'ok',
    ephemeral: false,
    title: 'ALB · Albemarle · NYSE',
    lines: [`Quote unavailable right now (${reason}).`, ...albNews()],
    fields: [],
    links: ALB_LINKS,
  };
}

const ticker = (symbol: string) => ({ verb: 'ticker' as const, symbol });

describe('/ticker with the Yahoo provider', () => {
  it('normal: quote, 5-day sparkline, news moves (newest first, moves for ALB only)', async () => {
    const { deps } = await withNews(stack());
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual({
      status: 'ok',
      ephemeral: false,
      title: 'ALB · Albemarle · NYSE',
      lines: albNews(),
      fields: [
        { label: 'Last price', value: 'USD 104.50' },
        // Against Wednesday's close 101.20, not chartPreviousClose 95.30 (which would read +9.65%).
        { label: 'Change', value: '+3.30 (+3.26%)' },
        { label: 'Previous close', value: 'USD 101.20' },
        { label: 'Market', value: 'NYSE, open' },
        { label: 'Price time', value: '2026-11-19 15:59 UTC (just now)' },
        { label: '5-day trend', value: '▁▃▂▅█ 97.85 → 104.50' },
      ],
      links: ALB_LINKS,
    });
  });

  it('market closed: Friday close against Thursday close, market shown closed', async () => {
    server().setMode('closed');
    clock.set('2026-11-21T15:00:00Z');
    const { deps } = await withNews(stack());
    expect(await handleTicker(ticker('$alb'), ctx, deps)).toEqual({
      status: 'ok',
      ephemeral: false,
      title: 'ALB · Albemarle · NYSE',
      lines: albNews(['3 days ago', '11 days ago']),
      fields: [
        { label: 'Last price', value: 'USD 102.35' },
        { label: 'Change', value: '−2.52 (−2.40%)' },
        { label: 'Previous close', value: 'USD 104.87' },
        { label: 'Market', value: 'NYSE, closed' },
        { label: 'Price time', value: '2026-11-20 21:00 UTC (17 h ago)' },
        { label: '5-day trend', value: '▂▁▄█▅ 99.42 → 102.35' },
      ],
      links: ALB_LINKS,
    });
  });

  it('a company with another listing, a halted day in the chart and no news (PLS.AX ↔ PILBF)', async () => {
    clock.set('2026-11-20T02:00:00Z');
    const { deps } = commandDeps(clock, stack());
    expect(await handleTicker(ticker('pilbara minerals'), ctx, deps)).toEqual({
      status: 'ok',
      ephemeral: false,
      title: 'PLS.AX · Pilbara Minerals · ASX',
      lines: ['No moves for PLS.AX seen in the news yet.'],
      fields: [
        { label: 'Last price', value: 'AUD 2.62' },
        { label: 'Change', value: '+0.15 (+6.07%)' },
        { label: 'Previous close', value: 'AUD 2.47' },
        { label: 'Market', value: 'ASX, open' },
        { label: 'Price time', value: '2026-11-20 01:59 UTC (just now)' },
        { label: '5-day trend', value: '▁▂▂▄█ 2.36 → 2.62' },
        { label: 'Other listings', value: 'PILBF (OTC)' },
      ],
      links: [],
    });
  });

  it('unknown at the provider (404 + Yahoo error body): news moves alone', async () => {
    server().setMode('unknown');
    const { deps } = await withNews(stack());
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('the quote provider has no data for ALB'));
  });

  it('429 then success: news alone with the wait, no upstream call during the pause, then the quote', async () => {
    server().setMode('rate-limit-then-ok');
    const quotes = stack();
    const { deps } = await withNews(quotes);
    const before = server().requests('ALB');
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('the quote provider is rate-limiting us, retry in 30 s'));
    clock.advance(12_000);
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('the quote provider is rate-limiting us, retry in 18 s'));
    expect(server().requests('ALB') - before).toBe(1);
    clock.advance(18_000);
    const reply = await handleTicker(ticker('ALB'), ctx, deps);
    expect(reply.lines).toEqual(albNews());
    expect(reply.fields[0]).toEqual({ label: 'Last price', value: 'USD 104.50' });
    expect(server().requests('ALB') - before).toBe(2);
  });

  it('malformed JSON: news moves alone', async () => {
    server().setMode('malformed');
    const { deps } = await withNews(stack());
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('the quote provider sent an unreadable answer'));
  });

  it('slow beyond the timeout: news moves alone', async () => {
    server().setMode('slow');
    const { deps } = await withNews(stack(150));
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('the quote provider did not answer in time'));
  });

  it('provider down (503): news moves alone', async () => {
    server().setMode('server-error');
    const { deps } = await withNews(stack());
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('the quote provider is unreachable'));
  });

  it('twenty concurrent /ticker ALB make one upstream request', async () => {
    const { deps } = await withNews(stack());
    const before = server().requests('ALB');
    const replies = await Promise.all(Array.from({ length: 20 }, () => handleTicker(ticker('ALB'), ctx, deps)));
    expect(new Set(replies.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(replies[0]?.fields[0]).toEqual({ label: 'Last price', value: 'USD 104.50' });
    expect(server().requests('ALB') - before).toBe(1);
  });
});

describe('/ticker without a quote', () => {
  it('delisted ALTM: says so, points to the successor, asks no provider', async () => {
    const { deps } = commandDeps(clock, stack());
    const before = server().paths.length;
    expect(await handleTicker(ticker('ALTM'), ctx, deps)).toEqual({
      status: 'ok',
      ephemeral: false,
      title: 'ALTM · Arcadium Lithium · NYSE',
      lines: [
        'Arcadium Lithium (ALTM) was delisted on 2025-03-06: acquired by Rio Tinto.',
        'Its successor is RIO (Rio Tinto): try /ticker RIO.',
      ],
      fields: [],
      links: [],
    });
    expect(server().paths.length).toBe(before);
    const slack = { ...deps, spell: spellAsText('/lithium') };
    expect((await handleTicker(ticker('arcadium'), ctx, slack)).lines[1]).toBe('Its successor is RIO (Rio Tinto): try /lithium ticker RIO.');
    const discord = { ...deps, spell: spellAsOptions };
    expect((await handleTicker(ticker('ALTM'), ctx, discord)).lines[1]).toBe('Its successor is RIO (Rio Tinto): try /ticker symbol:RIO.');
  });

  it('unknown symbol: refused, with the closest known symbols, worded as /watchlist words it', async () => {
    const { deps } = commandDeps(clock, stack());
    const before = server().paths.length;
    expect(await handleTicker(ticker('PLX'), ctx, deps)).toEqual({
      status: 'refused',
      ephemeral: true,
      title: 'Unknown ticker',
      lines: ['Unknown ticker "PLX". Did you mean PLL (Piedmont Lithium), PLS.AX (Pilbara Minerals) or AKE.AX (Allkem)?'],
      fields: [],
      links: [],
    });
    expect((await handleTicker(ticker('albmarle'), ctx, deps)).lines).toEqual(['Unknown ticker "albmarle". Did you mean ALB (Albemarle)?']);
    expect((await handleTicker(ticker('XYZQ'), ctx, deps)).lines).toEqual(['Unknown ticker "XYZQ", and no known ticker is close.']);
    expect(server().paths.length).toBe(before);
  });

  it('a company this channel watches by name, outside the universe, is looked up too', async () => {
    const { deps } = commandDeps(clock, stack());
    await deps.subscriptions.put({
      channel: ctx.channel,
      want: 'watchlist',
      watchlist: [{ symbol: 'ALB' }, { symbol: 'QZLI', name: 'Quartzline Lithium' }],
      origin: 'command',
      updatedAt: '2026-11-19T09:00:00Z',
    });
    expect(await handleTicker(ticker('quartzline lithium'), ctx, deps)).toEqual({
      status: 'ok',
      ephemeral: false,
      title: 'QZLI · Quartzline Lithium',
      lines: ['Quote unavailable right now (the quote provider has no data for QZLI).', 'No moves for QZLI seen in the news yet.'],
      fields: [],
      links: [],
    });
    expect(server().paths.at(-1)).toBe('/v8/finance/chart/QZLI?range=5d&interval=1d');
    const elsewhere = { ...ctx, channel: { platform: 'discord', id: 'C2', workspace: 'G1' } };
    expect((await handleTicker(ticker('QZLI'), elsewhere, deps)).status).toBe('refused');
  });

  it('no provider configured: news moves alone', async () => {
    const { deps } = await withNews(undefined);
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('no quote provider configured'));
  });

  it('a provider bug: no stack trace in the reply, an error line in the log', async () => {
    const broken: QuoteProvider = {
      quote: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'meta')");
      },
    };
    const { deps, logger } = await withNews(broken);
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('unexpected error'));
    expect(logger.lines.some((l) => l.includes('ERROR ticker quote failed') && l.includes('TypeError'))).toBe(true);
  });

  it('a provider that never answers: the handler stops waiting at its own deadline', async () => {
    const hung: QuoteProvider = { quote: () => new Promise(() => undefined) };
    const { deps } = await withNews(hung);
    expect(await handleTicker(ticker('ALB'), ctx, deps)).toEqual(quoteless('the quote provider did not answer in time'));
  });
});

describe('/ticker news lines', () => {
  it('cuts a long headline to 160 characters and keeps the link', async () => {
    const { deps, alerts } = commandDeps(clock, undefined);
    const long = `Albemarle ${'surges '.repeat(40)}`;
    await alerts.record(alert({
      title: long,
      link: 'https://news.example/long',
      published: '2026-11-19T10:00:00Z',
      tickers: ['ALB'],
      figures: [{ kind: 'move', symbol: 'ALB', pct: 5 }],
    }));
    const reply = await handleTicker(ticker('ALB'), ctx, deps);
    const cut = `${long.slice(0, 159).trimEnd()}…`;
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(reply.lines).toEqual([
      'Quote unavailable right now (no quote provider configured).',
      'Moves seen in the news:',
      `ALB +5% · ${cut} · 2026-11-19 10:00 UTC (6 h ago)`,
    ]);
    expect(reply.links).toEqual([{ label: cut, url: 'https://news.example/long' }]);
  });
});
