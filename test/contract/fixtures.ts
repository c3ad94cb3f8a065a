/**
 * Deliveries every chat adapter is tested with: the CATL supply story (the seed event of the corpus) and a hostile
 * headline that tries to ping, format and link through feed text.
 */
import { figureLabel } from '../../src/core/alert-view.js';
import type { ChannelRef, Delivery, Figure } from '../../src/core/types.js';

export const CATL_TITLE = 'Lithium miners rally as CATL weighs mine, plant suspensions - Citi';
export const CATL_LINK = 'https://wire.example.com/markets/20240911/lithium-miners-catl-suspension';
export const CATL_SOURCE = 'Reuters-style wire';
export const CATL_WHY = ['supply: suspend + lithium mine', 'subject CATL'];
export const CATL_TICKERS = ['300750.SZ', 'ALB', 'SQM', 'ALTM'];

export const CATL_FIGURES: Figure[] = [
  { kind: 'move', symbol: 'ALB', pct: 13.6 },
  { kind: 'move', symbol: 'SQM', pct: 10 },
  { kind: 'quantity', value: 6000, unit: 't', per: 'month', what: 'supply reduction' },
  { kind: 'change', pct: -14, what: 'output' },
];

/** "ALB +13.6%", "SQM +10%", "Supply −6,000 t/month", "Output −14%": each must be visible in the post. */
export const CATL_FIGURE_LABELS: string[] = CATL_FIGURES.map(figureLabel);

export function catlDelivery(channel: ChannelRef, opts: { watched?: string[] } = {}): Delivery {
  return {
    channel,
    kind: opts.watched?.length ? 'watchlist' : 'supply',
    watched: opts.watched ?? [],
    alert: {
      id: 'contract-feed:catl-2024-09-11',
      matchedAt: '2024-09-11T20:45:00.000Z',
      item: {
        id: 'catl-2024-09-11',
        feedId: 'contract-feed',
        title: CATL_TITLE,
        summary:
          'CATL is considering idling part of its lithium mining and carbonate production, according to a Citi research ' +
          'note. Albemarle closed up 13.6%, SQM rose 10% and Arcadium Lithium added 15.5%. Citi estimates up to 6,000 ' +
          'tons per month of supply could be removed.',
        link: CATL_LINK,
        published: '2024-09-11T20:42:00Z',
        source: CATL_SOURCE,
      },
      match: {
        lithiumSupply: true,
        score: 0.97,
        why: CATL_WHY,
        tickers: CATL_TICKERS,
        figures: CATL_FIGURES,
        topics: ['lithium-supply'],
      },
    },
  };
}

const HOSTILE_UNIT = '@everyone <@&123> <!channel> **bold** [link](http://x) ';

/** The hostile unit repeated to exactly 10,000 characters. */
export const HOSTILE_HEADLINE = HOSTILE_UNIT.repeat(Math.ceil(10_000 / HOSTILE_UNIT.length)).slice(0, 10_000);

/** Feed text that tries every way in: mentions of all kinds, markdown, mrkdwn links, a 10,000-character title. */
export function hostileDelivery(channel: ChannelRef): Delivery {
  return {
    channel,
    kind: 'supply',
    watched: [],
    alert: {
      id: 'contract-feed:hostile',
      matchedAt: '2026-11-20T08:00:00.000Z',
      item: {
        id: 'hostile',
        feedId: 'contract-feed',
        title: HOSTILE_HEADLINE,
        summary: `<!here> <@U024BE7LH> <#C024BE7LR|general> <https://evil.example|click> @here ${HOSTILE_UNIT}`.repeat(20),
        link: 'https://evil.example/story',
        published: '2026-11-20T07:59:00Z',
        source: '@everyone <!channel> *Wire*',
      },
      match: {
        lithiumSupply: true,
        score: 0.9,
        why: ['supply: @everyone <!here> **halt**'],
        tickers: ['ALB'],
        figures: [{ kind: 'move', symbol: 'ALB', pct: -5 }],
        topics: ['lithium-supply'],
      },
    },
  };
}
