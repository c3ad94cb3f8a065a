import { describe, expect, it } from 'vitest';
import { providerSymbol, providerSymbols, symbolTable } from '../../src/quotes/symbol-map.js';
import { universe } from './helpers.js';

describe('provider symbol table', () => {
  it('spells our canonical symbols the way each provider wants', () => {
    expect(providerSymbols('300750.SZ')).toEqual({ yahoo: '300750.SZ', alphavantage: '300750.SHZ', finnhub: '300750.SZ', twelvedata: '300750:SZSE' });
    expect(providerSymbol('601899.SS', 'alphavantage')).toBe('601899.SHH');
    expect(providerSymbols('PILBF')).toEqual({ yahoo: 'PILBF', alphavantage: 'PILBF', finnhub: 'PILBF', twelvedata: 'PILBF' });
    expect(providerSymbols('1772.HK')).toEqual({ yahoo: '1772.HK', alphavantage: undefined, finnhub: '1772.HK', twelvedata: '1772:HKEX' });
    expect(providerSymbol('700.HK', 'yahoo')).toBe('0700.HK');
    expect(providerSymbol('PLS.AX', 'alphavantage')).toBeUndefined();
    expect(providerSymbol('LIRC.TO', 'alphavantage')).toBe('LIRC.TRT');
    expect(providerSymbol('CRE.V', 'alphavantage')).toBe('CRE.TRV');
    expect(providerSymbol('RIO.L', 'alphavantage')).toBe('RIO.LON');
  });

  it('gives Yahoo a symbol for every company in config/tickers.yaml', () => {
    const table = symbolTable(universe.tickers.map((t) => t.symbol));
    const missing = Object.entries(table).filter(([, s]) => !s.yahoo).map(([k]) => k);
    expect(missing).toEqual([]);
    expect(Object.keys(table).length).toBe(universe.tickers.length);
  });
});
