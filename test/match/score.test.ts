/** Scoring as the corpus README says, on hand-made labels. */
import { describe, expect, it } from 'vitest';
import { isHeldAside, scoreAll, scoringSymbol, type Labelled } from '../../src/core/match/score.js';

describe('scoring', () => {
  it('normalises symbols the README way', () => {
    expect(['$alb', 'SQM.US', '600512.SH', '09992.HK', 'PILBF', 'PLS.AX'].map(scoringSymbol)).toEqual(['ALB', 'SQM', '600512.SS', '9992.HK', 'PLS.AX', 'PLS.AX']);
  });

  it('counts supply over non-borderline items, ticker pairs and figures with tolerance, symbol, per and currency', () => {
    const gold: Labelled[] = [
      { id: 'a', lithium_supply: true, tickers: ['PILBF', 'PLS.AX', 'ALB'], figures: [{ kind: 'move', symbol: 'PILBF', pct: 19.1 }, { kind: 'quantity', value: 6000, unit: 't', per: 'month', what: 'x' }] },
      { id: 'b', lithium_supply: false, borderline: true, tickers: [], figures: [{ kind: 'money', value: 469e6, currency: 'CNY', what: 'x' }] },
      { id: 'c', lithium_supply: false, tickers: ['SQM'], figures: [] },
    ];
    const s = scoreAll([
      { gold: gold[0]!, pred: { lithiumSupply: true, tickers: ['PLS.AX', 'ALB', 'LAC'], figures: [{ kind: 'move', symbol: 'PLS.AX', pct: 19.15 }, { kind: 'quantity', value: 6000, unit: 't', per: null, what: '' }] } },
      { gold: gold[1]!, pred: { lithiumSupply: true, tickers: [], figures: [{ kind: 'money', value: 469e6, currency: 'USD', what: '' }] } },
      { gold: gold[2]!, pred: { lithiumSupply: true, tickers: ['SQM.US'], figures: [] } },
    ]);
    expect(s.supply).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(s.tickers).toMatchObject({ tp: 3, fp: 1, fn: 0 });
    expect(s.figures).toMatchObject({ tp: 1, fp: 2, fn: 2 });
  });

  it('holds aside a fixed quarter of ids', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `x-${i}`);
    const held = ids.filter(isHeldAside).length;
    expect(held).toBeGreaterThan(70);
    expect(held).toBeLessThan(130);
    expect(ids.filter(isHeldAside)).toEqual(ids.filter(isHeldAside));
  });
});
