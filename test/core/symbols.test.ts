import { describe, expect, it } from 'vitest';
import { normalizeSymbol, Universe } from '../../src/core/symbols.js';
import { loadTickers } from '../../src/config/load.js';

describe('normalizeSymbol', () => {
  const cases: [string, string | undefined][] = [
    ['$ALB', 'ALB'], ['alb', 'ALB'], ['SQM.US', 'SQM'], ['ALB.N', 'ALB'], ['NYSE: ALB', 'ALB'], ['ASX: PLS', 'PLS.AX'],
    ['600512.SH', '600512.SS'], ['09992', '9992.HK'], ['01772.HK', '1772.HK'], ['HKEX: 1772', '1772.HK'],
    ['300750', '300750.SZ'], ['601899', '601899.SS'], ['TSXV: KLL', 'KLL.V'],
    ['HKEX: ABC', undefined], ['MOON: ALB', undefined], ['not a symbol', undefined],
  ];
  for (const [input, want] of cases) it(`${input} → ${String(want)}`, () => expect(normalizeSymbol(input)).toBe(want));
});

describe('Universe', () => {
  const u = new Universe(loadTickers('config'));
  it('resolves symbols in any written form and company names', () => {
    expect(['ALB', '$alb', 'albemarle', 'Albemarle Corp', 'SQM.US', 'catl', '01772'].map((x) => u.resolve(x)?.symbol)).toEqual([
      'ALB', 'ALB', 'ALB', 'ALB', 'SQM', '300750.SZ', '1772.HK',
    ]);
  });
  it('suggests the closest known symbols for a typo', () => {
    expect(u.suggest('ALBB')[0]).toBe('ALB');
    expect(u.suggest('PILB')).toContain('PILBF');
  });
  it('adds run-time companies without touching the shipped universe', () => {
    const more = u.with([{ symbol: 'QZLI', name: 'Quartzline Lithium' }]);
    expect(more.resolve('quartzline lithium')?.symbol).toBe('QZLI');
    expect(u.resolve('QZLI')).toBeUndefined();
  });
});
