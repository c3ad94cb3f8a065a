/**
 * The /ticker chart below the adapters: Yahoo's intraday chart answer read as a PriceHistory (from the loopback
 * fake), the two panels and alert marks built from it, the SVG (hostile names stay text), resvg's PNG (checked by its
 * bytes and size, never by how text looks: fonts differ between machines), the history cache, and handleTicker
 * attaching the image — or not, when the renderer fails.
 */
import { describe, expect, it } from 'vitest';
import { createChartRenderer, renderSvg } from '../../src/charts/render.js';
import { chartSvg, CHART_HEIGHT, CHART_WIDTH } from '../../src/charts/svg.js';
import { handleCommand } from '../../src/core/commands/handlers.js';
import { buildChartSpec, chartAltText, chartFilename, type PriceHistory } from '../../src/core/ticker-chart.js';
import { createCachedQuotes } from '../../src/quotes/cache.js';
import { createYahooQuotes } from '../../src/quotes/yahoo.js';
import { pngSize } from '../fakes/multipart.js';
import { alert, commandDeps, ctx, failure, suiteQuotesServer, testClock } from './helpers.js';

const server = suiteQuotesServer();
const clock = testClock('2026-11-19T16:00:00Z');
const NOW = Date.parse('2026-11-19T16:00:00Z');
const yahoo = () => createYahooQuotes({ baseUrl: server().url, logger: commandDeps(clock).logger, clock });

async function history(): Promise<PriceHistory> {
  const h = await yahoo().history?.('ALB');
  if (!h) throw new Error('no history');
  return h;
}

describe('Yahoo history for the chart', () => {
  it('one request at range=1mo&interval=30m; null bars are left out; times in ms, oldest first', async () => {
    const h = await history();
    expect(server().paths.at(-1)).toBe('/v8/finance/chart/ALB?range=1mo&interval=30m');
    expect(h.currency).toBe('USD');
    expect(h.utcOffsetS).toBe(-18000);
    expect(h.points).toHaveLength(288); // 289 bars in the fixture, one of them null
    expect(h.points.at(-1)).toEqual({ t: Date.parse('2026-11-19T15:30:00Z'), close: 104.5 });
    expect(h.points.every((p, i) => i === 0 || p.t > (h.points[i - 1]?.t ?? 0))).toBe(true);
  });

  it('fails with the quote errors: a 503 is QUOTE_UNAVAILABLE, an unknown symbol QUOTE_UNKNOWN_SYMBOL', async () => {
    server().setHistoryMode('server-error');
    expect((await failure(yahoo().history!('ALB'))).code).toBe('QUOTE_UNAVAILABLE');
    server().setHistoryMode('normal');
    expect((await failure(yahoo().history!('PLS.AX'))).code).toBe('QUOTE_UNKNOWN_SYMBOL');
  });

  it('the cache asks once per symbol within its ttl, and again after it', async () => {
    const cached = createCachedQuotes(yahoo(), { clock, historyTtlMs: 60_000 });
    const before = server().historyRequests('ALB');
    const [a, b] = await Promise.all([cached.history!('ALB'), cached.history!('ALB')]);
    expect(a).toBe(b);
    await cached.history!('ALB');
    expect(server().historyRequests('ALB') - before).toBe(1);
    clock.advance(61_000);
    await cached.history!('ALB');
    expect(server().historyRequests('ALB') - before).toBe(2);
  });
});

describe('chart spec', () => {
  it('5 days bar by bar, a month as daily closes, day ticks, and alerts marked where they fell', async () => {
    const h = await history();
    const alertTimes = [
      Date.parse('2026-11-18T18:05:00Z'), // in both panels
      Date.parse('2026-11-04T16:10:00Z'), // the month only
      Date.parse('2026-09-01T12:00:00Z'), // before the history: not marked
      Date.parse('2026-11-20T12:00:00Z'), // after now: not marked
    ];
    const spec = buildChartSpec(h, { title: 'ALB · Albemarle', alertTimes, now: NOW });
    const [short, long] = spec?.panels ?? [];
    expect(short?.label).toBe('5 days');
    expect(short?.values).toHaveLength(4 * 13 + 3);
    expect(short?.ticks.map((t) => t.text)).toEqual(['Nov 13', 'Nov 16', 'Nov 17', 'Nov 18', 'Nov 19']);
    // 18:05 falls in the 18:00 bar: day 4 of 5 (index 3 × 13 bars) plus 18:00's place after 14:30 (7th bar).
    expect(short?.marks).toEqual([3 * 13 + 7]);
    expect(long?.label).toBe('1 month');
    expect(long?.values).toHaveLength(23);
    expect(long?.values.at(-1)).toBe(104.5);
    expect(long?.values.at(-2)).toBe(101.2);
    // Nov 4 is the 12th session from Oct 20; Nov 18 the 22nd.
    expect(long?.marks).toEqual([11, 21]);
    expect(chartAltText(spec!)).toBe(
      'ALB price chart in USD: 5 days 97.04 to 104.50 (low 96.71, high 104.50), 1 alert marked; ' +
        '1 month 88.10 to 104.50 (low 84.35, high 104.50), 2 alerts marked.',
    );
  });

  it('too little history gives no chart; file names stay safe', () => {
    const h: PriceHistory = { symbol: 'ALB', currency: 'USD', utcOffsetS: 0, points: [{ t: NOW, close: 1 }] };
    expect(buildChartSpec(h, { title: 'x', alertTimes: [], now: NOW })).toBeUndefined();
    expect(chartFilename('PLS.AX')).toBe('ticker-PLS.AX.png');
    expect(chartFilename('A/B C')).toBe('ticker-A_B_C.png');
  });
});

describe('chart image', () => {
  it('a hostile company name is text in the SVG, never markup', async () => {
    const spec = buildChartSpec(await history(), { title: 'QZLI · <script>alert(1)</script> "><img onerror=x>', alertTimes: [], now: NOW });
    const svg = chartSvg(spec!);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img onerror=x&gt;');
  });

  it('renders a PNG of the chart size, with fonts and with none at all', async () => {
    const spec = buildChartSpec(await history(), { title: 'ALB · Albemarle', alertTimes: [NOW - 3_600_000], now: NOW });
    const withFonts = await createChartRenderer().render(spec!);
    const noFonts = await createChartRenderer({ fontFiles: [] }).render(spec!);
    for (const out of [withFonts, noFonts]) {
      expect(Buffer.from(out.png.subarray(0, 8)).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
      expect(pngSize(out.png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
      expect({ width: out.width, height: out.height }).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
      expect(out.png.length).toBeGreaterThan(5_000); // lines and fills drawn, not a blank page
    }
    expect(pngSize(renderSvg(chartSvg(spec!), { width: 480 }).png)).toEqual({ width: 480, height: CHART_HEIGHT / 2 });
  });
});

describe('handleTicker with a chart renderer', () => {
  const request = { verb: 'ticker' as const, symbol: 'ALB' };

  it('attaches the PNG with its alt text; the text trend stays in the fields', async () => {
    const { deps, alerts } = commandDeps(clock, createCachedQuotes(yahoo(), { clock }));
    await alerts.record(alert({ title: 'Albemarle idles Kemerton', published: '2026-11-18T18:05:00Z', tickers: ['ALB'], figures: [] }));
    const r = await handleCommand(request, ctx, { ...deps, charts: createChartRenderer() });
    expect(r.chart?.filename).toBe('ticker-ALB.png');
    expect(r.chart?.alt).toMatch(/^ALB price chart in USD: 5 days .*, 1 alert marked; 1 month .*, 1 alert marked\.$/);
    expect(pngSize(r.chart?.png ?? new Uint8Array())).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(r.fields.map((f) => f.label)).toContain('5-day trend');
  });

  it('a failing renderer or history leaves the reply as text, with a warning in the log only', async () => {
    const { deps, logger } = commandDeps(clock, createCachedQuotes(yahoo(), { clock }));
    const broken = { render: () => Promise.reject(new Error('resvg: out of memory')) };
    const r = await handleCommand(request, ctx, { ...deps, charts: broken });
    expect(r.status).toBe('ok');
    expect(r.chart).toBeUndefined();
    expect(r.fields.map((f) => f.label)).toContain('5-day trend');
    expect(r.lines.join('\n')).not.toMatch(/chart|resvg|error/i);
    expect(logger.lines.join("\n")).toContain('ticker chart: render failed');

    server().setHistoryMode('server-error');
    const { deps: d2, logger: l2 } = commandDeps(clock, createCachedQuotes(yahoo(), { clock }));
    const r2 = await handleCommand(request, ctx, { ...d2, charts: createChartRenderer() });
    expect(r2.chart).toBeUndefined();
    expect(r2.fields.map((f) => f.label)).toContain('Last price');
    expect(l2.lines.join("\n")).toContain('ticker chart: no price history');
  });
});

describe('history and the provider\'s rate limit', () => {
  it('a 429 on the history pauses quotes as well (one limit per provider)', async () => {
    server().setHistoryMode('rate-limit-then-ok');
    const cached = createCachedQuotes(yahoo(), { clock });
    expect((await failure(cached.history!('ALB'))).code).toBe('QUOTE_RATE_LIMITED');
    const quotesBefore = server().requests('ALB');
    expect((await failure(cached.quote('ALB'))).code).toBe('QUOTE_RATE_LIMITED');
    expect(server().requests('ALB')).toBe(quotesBefore);
    clock.advance(31_000); // the fake's Retry-After is 30 s
    expect((await cached.history!('ALB')).points.length).toBeGreaterThan(100);
  });
});
