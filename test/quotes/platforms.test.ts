/**
 * /ticker replies as each platform shows them: the same neutral Reply (asserted exactly in ticker.test.ts)
 * rendered by the Discord and the Slack adapters' own reply formatters, for each mode of the quotes fake.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { replyMessage as discordReply } from '../../src/adapters/discord/format.js';
import { replyMessage as slackReply } from '../../src/adapters/slack/format.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { handleTicker } from '../../src/core/commands/ticker.js';
import { createCachedQuotes } from '../../src/quotes/cache.js';
import { createYahooQuotes } from '../../src/quotes/yahoo.js';
import { alert, commandDeps, ctx, suiteQuotesServer, testClock, type TestClock } from './helpers.js';

let clock: TestClock;
const server = suiteQuotesServer({ slowMs: 1000 });
beforeEach(() => {
  clock = testClock('2026-11-19T16:00:00Z');
});

async function tickerReply(symbol: string) {
  const quotes = createCachedQuotes(createYahooQuotes({ baseUrl: server().url, timeoutMs: 300, logger: createMemoryLogger(), clock }), { clock });
  const made = commandDeps(clock, quotes);
  await made.alerts.record(alert({
    title: 'Lithium stocks slide as spodumene price falls',
    link: 'https://news.example/slide',
    published: '2026-11-18T09:15:00Z',
    tickers: ['ALB'],
    figures: [{ kind: 'move', symbol: 'ALB', pct: -4.2 }],
  }));
  const reply = await handleTicker({ verb: 'ticker', symbol }, ctx, made.deps);
  const d = discordReply(reply);
  const s = slackReply(reply);
  return { discord: { embeds: d.embeds, flags: d.flags, allowed_mentions: d.allowed_mentions }, slack: { response_type: s.response_type, text: s.text } };
}

describe('/ticker on Discord and Slack', () => {
  it('normal', async () => {
    expect(await tickerReply('ALB')).toMatchInlineSnapshot(`
      {
        "discord": {
          "allowed_mentions": {
            "parse": [],
          },
          "embeds": [
            {
              "color": 2067276,
              "description": "Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)
      • [Lithium stocks slide as spodumene price falls](https://news.example/slide)",
              "fields": [
                {
                  "inline": true,
                  "name": "Last price",
                  "value": "USD 104.50",
                },
                {
                  "inline": true,
                  "name": "Change",
                  "value": "+3.30 (+3.26%)",
                },
                {
                  "inline": true,
                  "name": "Previous close",
                  "value": "USD 101.20",
                },
                {
                  "inline": true,
                  "name": "Market",
                  "value": "NYSE, open",
                },
                {
                  "inline": true,
                  "name": "Price time",
                  "value": "2026-11-19 15:59 UTC (just now)",
                },
                {
                  "inline": true,
                  "name": "5-day trend",
                  "value": "▁▃▂▅█ 97.85 → 104.50",
                },
              ],
              "title": "ALB · Albemarle · NYSE",
            },
          ],
          "flags": undefined,
        },
        "slack": {
          "response_type": "in_channel",
          "text": "ALB · Albemarle · NYSE
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)
      Last price: USD 104.50
      Change: +3.30 (+3.26%)
      Previous close: USD 101.20
      Market: NYSE, open
      Price time: 2026-11-19 15:59 UTC (just now)
      5-day trend: ▁▃▂▅█ 97.85 → 104.50",
        },
      }
    `);
  });

  it('market closed', async () => {
    server().setMode('closed');
    clock.set('2026-11-21T15:00:00Z');
    expect(await tickerReply('ALB')).toMatchInlineSnapshot(`
      {
        "discord": {
          "allowed_mentions": {
            "parse": [],
          },
          "embeds": [
            {
              "color": 2067276,
              "description": "Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (3 days ago)
      • [Lithium stocks slide as spodumene price falls](https://news.example/slide)",
              "fields": [
                {
                  "inline": true,
                  "name": "Last price",
                  "value": "USD 102.35",
                },
                {
                  "inline": true,
                  "name": "Change",
                  "value": "−2.52 (−2.40%)",
                },
                {
                  "inline": true,
                  "name": "Previous close",
                  "value": "USD 104.87",
                },
                {
                  "inline": true,
                  "name": "Market",
                  "value": "NYSE, closed",
                },
                {
                  "inline": true,
                  "name": "Price time",
                  "value": "2026-11-20 21:00 UTC (17 h ago)",
                },
                {
                  "inline": true,
                  "name": "5-day trend",
                  "value": "▂▁▄█▅ 99.42 → 102.35",
                },
              ],
              "title": "ALB · Albemarle · NYSE",
            },
          ],
          "flags": undefined,
        },
        "slack": {
          "response_type": "in_channel",
          "text": "ALB · Albemarle · NYSE
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (3 days ago)
      Last price: USD 102.35
      Change: −2.52 (−2.40%)
      Previous close: USD 104.87
      Market: NYSE, closed
      Price time: 2026-11-20 21:00 UTC (17 h ago)
      5-day trend: ▂▁▄█▅ 99.42 → 102.35",
        },
      }
    `);
  });

  it('unknown symbol at the provider (404)', async () => {
    server().setMode('unknown');
    expect(await tickerReply('ALB')).toMatchInlineSnapshot(`
      {
        "discord": {
          "allowed_mentions": {
            "parse": [],
          },
          "embeds": [
            {
              "color": 2067276,
              "description": "Quote unavailable right now (the quote provider has no data for ALB).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)
      • [Lithium stocks slide as spodumene price falls](https://news.example/slide)",
              "fields": undefined,
              "title": "ALB · Albemarle · NYSE",
            },
          ],
          "flags": undefined,
        },
        "slack": {
          "response_type": "in_channel",
          "text": "ALB · Albemarle · NYSE
      Quote unavailable right now (the quote provider has no data for ALB).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)",
        },
      }
    `);
  });

  it('429 from the provider', async () => {
    server().setMode('rate-limit-then-ok');
    expect(await tickerReply('ALB')).toMatchInlineSnapshot(`
      {
        "discord": {
          "allowed_mentions": {
            "parse": [],
          },
          "embeds": [
            {
              "color": 2067276,
              "description": "Quote unavailable right now (the quote provider is rate-limiting us, retry in 30 s).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)
      • [Lithium stocks slide as spodumene price falls](https://news.example/slide)",
              "fields": undefined,
              "title": "ALB · Albemarle · NYSE",
            },
          ],
          "flags": undefined,
        },
        "slack": {
          "response_type": "in_channel",
          "text": "ALB · Albemarle · NYSE
      Quote unavailable right now (the quote provider is rate-limiting us, retry in 30 s).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)",
        },
      }
    `);
  });

  it('malformed JSON', async () => {
    server().setMode('malformed');
    expect(await tickerReply('ALB')).toMatchInlineSnapshot(`
      {
        "discord": {
          "allowed_mentions": {
            "parse": [],
          },
          "embeds": [
            {
              "color": 2067276,
              "description": "Quote unavailable right now (the quote provider sent an unreadable answer).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)
      • [Lithium stocks slide as spodumene price falls](https://news.example/slide)",
              "fields": undefined,
              "title": "ALB · Albemarle · NYSE",
            },
          ],
          "flags": undefined,
        },
        "slack": {
          "response_type": "in_channel",
          "text": "ALB · Albemarle · NYSE
      Quote unavailable right now (the quote provider sent an unreadable answer).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)",
        },
      }
    `);
  });

  it('slow beyond the timeout', async () => {
    server().setMode('slow');
    expect(await tickerReply('ALB')).toMatchInlineSnapshot(`
      {
        "discord": {
          "allowed_mentions": {
            "parse": [],
          },
          "embeds": [
            {
              "color": 2067276,
              "description": "Quote unavailable right now (the quote provider did not answer in time).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)
      • [Lithium stocks slide as spodumene price falls](https://news.example/slide)",
              "fields": undefined,
              "title": "ALB · Albemarle · NYSE",
            },
          ],
          "flags": undefined,
        },
        "slack": {
          "response_type": "in_channel",
          "text": "ALB · Albemarle · NYSE
      Quote unavailable right now (the quote provider did not answer in time).
      Moves seen in the news:
      ALB −4.2% · Lithium stocks slide as spodumene price falls · 2026-11-18 09:15 UTC (30 h ago)",
        },
      }
    `);
  });

  it('a symbol nobody knows', async () => {
    expect(await tickerReply('ALBB')).toMatchInlineSnapshot(`
      {
        "discord": {
          "allowed_mentions": {
            "parse": [],
          },
          "embeds": [
            {
              "color": 12597547,
              "description": "Unknown ticker "ALBB". Did you mean ALB (Albemarle), AKE.AX (Allkem) or ALTM (Arcadium Lithium)?",
              "fields": undefined,
              "title": "Unknown ticker",
            },
          ],
          "flags": 64,
        },
        "slack": {
          "response_type": "ephemeral",
          "text": "Unknown ticker
      Unknown ticker "ALBB". Did you mean ALB (Albemarle), AKE.AX (Allkem) or ALTM (Arcadium Lithium)?",
        },
      }
    `);
  });
});
