/** One matcher over the shipped config, shared by the matcher tests. */
import { loadTickers, loadTopics } from '../../src/config/load.js';
import { createMatcher } from '../../src/core/match/matcher.js';
import type { MatchResult } from '../../src/core/types.js';

export const tickers = loadTickers('config');
export const topics = loadTopics('config');
export const matcher = createMatcher({ tickers, topics });

/** Invented companies outside the shipped universe, as a watchlist or universe_extra would add them. */
export const extra = [
  { symbol: 'VXL', name: 'Vexa Lithium Corp' },
  { symbol: 'TCL.AX', name: 'Tallow Creek Spodumene Ltd' },
  { symbol: '301999.SZ', name: 'Sichuan Yanhu Lithium Co' },
];

export function run(title: string, summary = ''): MatchResult {
  return matcher.match({ title, summary }, { extra });
}
