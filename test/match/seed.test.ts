/** The demo's CATL story (issue 3): title alone, and the seed article as a feed would carry it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../src/core/types.js';
import { matcher } from './helpers.js';

const MOVES: Figure[] = [
  { kind: 'move', symbol: 'ALB', pct: 13.6 },
  { kind: 'move', symbol: 'SQM', pct: 10 },
  { kind: 'move', symbol: 'ALTM', pct: 15.5 },
  { kind: 'move', symbol: 'PILBF', pct: 19.1 },
  { kind: 'move', symbol: 'SGML', pct: 12.8 },
  { kind: 'move', symbol: 'LAC', pct: 5.9 },
  { kind: 'move', symbol: 'SLI', pct: 14.4 },
];

describe('seed CATL story', () => {
  it('the headline alone is a supply story about CATL', () => {
    const r = matcher.match({ title: 'CATL weighs suspending lithium mining; lithium stocks jump', summary: '' });
    expect(r.lithiumSupply).toBe(true);
    expect(r.why).toEqual(['supply: suspend + lithium mining', 'subject CATL']);
    expect(r.tickers).toEqual(['300750.SZ']);
  });

  it('the seed article yields the alert of the demo: flag, tickers, moves, 6,000 t/month and output -14%', () => {
    const text = readFileSync(new URL('../fixtures/match/seed-article.txt', import.meta.url), 'utf8');
    const [title = '', ...rest] = text.split('\n');
    const r = matcher.match({ title, summary: rest.join('\n') });
    expect(r.lithiumSupply).toBe(true);
    expect(r.score).toBe(1);
    expect(r.why[0]).toMatch(/^supply: .+ \+ lithium/);
    expect(r.why[1]).toBe('subject Contemporary Amperex Technology');
    // The "Related Articles" list at the end (POP MART, Tengda) is not part of the story.
    expect(r.tickers).toEqual(['300750.SZ', 'ALB', 'SQM', 'ALTM', 'PLS.AX', 'PILBF', 'SGML', 'LAC', 'SLI']);
    const moves = r.figures.filter((f) => f.kind === 'move');
    expect(moves).toEqual(MOVES);
    expect(r.figures.filter((f) => f.kind !== 'move')).toEqual([
      { kind: 'change', pct: -14, what: 'lithium mining output' },
      { kind: 'change', pct: 6, what: 'cathode production' },
      { kind: 'quantity', value: 6000, unit: 't', per: 'month', what: 'reducing supply' },
    ]);
  });

  it('the cashtag version of the story gives the same moves', () => {
    const r = matcher.match({
      title: '$ALB +13.6% $ALTM +15.5% $PILBF +19.1% Citi: CATL may shut a mine + carbonate lines',
      summary: 'Tape is on fire: $SQM +10%, $SGML +12.8%, $SLI +14.4%, $LAC +5.9%. CATL could pull up to 6k t/month of supply.',
    });
    expect(r.lithiumSupply).toBe(true);
    expect(r.why).toEqual(['supply: suspend + carbonate lines', 'subject CATL']);
    expect([...r.figures.filter((f) => f.kind === 'move')].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [...MOVES].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(r.figures.filter((f) => f.kind === 'quantity')).toEqual([{ kind: 'quantity', value: 6000, unit: 't', per: 'month', what: 'supply' }]);
  });
});
