/** Invented reports for the story-grouping tests (none of them is a corpus item). */
import type { Clock } from '../../src/core/ports.js';
import type { Figure, MatchResult, NewsItem } from '../../src/core/types.js';

export const T0 = Date.parse('2026-03-02T08:00:00Z');
export const HOUR = 3_600_000;

export function at(hours: number): string {
  return new Date(T0 + hours * HOUR).toISOString();
}

export function report(id: string, source: string, hours: number, title: string, summary: string): NewsItem {
  return { id, feedId: source.toLowerCase().replace(/\W+/g, '-'), source, title, summary, published: at(hours), link: `https://${id}.example.com/story` };
}

export function matched(tickers: string[], figures: Figure[] = [], why: string[] = []): MatchResult {
  return { lithiumSupply: true, score: 0.9, why, tickers, figures, topics: ['lithium-supply'] };
}

/** A clock the test moves by hand. */
export function manualClock(hours = 0): Clock & { set(h: number): void } {
  let now = T0 + hours * HOUR;
  return { now: () => new Date(now), set: (h) => { now = T0 + h * HOUR; } };
}
