/**
 * Our canonical symbols (ALB, PLS.AX, 300750.SZ, 1772.HK) spelt the way each quote provider wants them.
 * Most follow from the exchange suffix; the few companies that do not are listed by hand in OVERRIDES, so the
 * table stays right when config/tickers.yaml grows. `undefined` means the provider does not cover that listing.
 */
export type ProviderName = 'yahoo' | 'alphavantage' | 'finnhub' | 'twelvedata';

export type ProviderSymbols = Record<ProviderName, string | undefined>;

interface ExchangeRule {
  /** Suffix Yahoo uses (the same as ours). */
  yahoo: string;
  /** Alpha Vantage suffix; undefined where its GLOBAL_QUOTE has no data (ASX, HKEX). */
  alphavantage: string | undefined;
  /** Finnhub follows Yahoo's suffixes (the free plan only answers for US listings). */
  finnhub: string;
  /** Twelve Data takes `code:MIC-like exchange name`. */
  twelvedata: string;
  /** Hong Kong codes are written with 4 digits by Yahoo and Finnhub (0700.HK); ours drop the zeros. */
  padHk?: boolean;
}

const RULES: Record<string, ExchangeRule> = {
  '': { yahoo: '', alphavantage: '', finnhub: '', twelvedata: '' },
  AX: { yahoo: '.AX', alphavantage: undefined, finnhub: '.AX', twelvedata: ':ASX' },
  SZ: { yahoo: '.SZ', alphavantage: '.SHZ', finnhub: '.SZ', twelvedata: ':SZSE' },
  SS: { yahoo: '.SS', alphavantage: '.SHH', finnhub: '.SS', twelvedata: ':SSE' },
  HK: { yahoo: '.HK', alphavantage: undefined, finnhub: '.HK', twelvedata: ':HKEX', padHk: true },
  TO: { yahoo: '.TO', alphavantage: '.TRT', finnhub: '.TO', twelvedata: ':TSX' },
  V: { yahoo: '.V', alphavantage: '.TRV', finnhub: '.V', twelvedata: ':TSXV' },
  L: { yahoo: '.L', alphavantage: '.LON', finnhub: '.L', twelvedata: ':LSE' },
};

/** Companies whose provider symbols do not follow the rule for their exchange. */
export const OVERRIDES: Readonly<Record<string, Partial<ProviderSymbols>>> = {
  // The OTC line of Pilbara Minerals: every provider quotes it plain, never as an ASX code.
  PILBF: { yahoo: 'PILBF', alphavantage: 'PILBF', finnhub: 'PILBF', twelvedata: 'PILBF' },
};

/** "AX" for PLS.AX, "" for a plain US symbol. */
export function exchangeSuffix(canonical: string): string {
  return split(canonical).suffix;
}

function split(canonical: string): { base: string; suffix: string } {
  const dot = canonical.lastIndexOf('.');
  if (dot <= 0) return { base: canonical, suffix: '' };
  return { base: canonical.slice(0, dot), suffix: canonical.slice(dot + 1) };
}

/** Every provider's spelling of `canonical`. */
export function providerSymbols(canonical: string): ProviderSymbols {
  const { base, suffix } = split(canonical);
  const rule = RULES[suffix];
  const override = OVERRIDES[canonical] ?? {};
  if (!rule) {
    // An exchange we have no rule for: Yahoo's own suffix is the best guess, the others are unknown.
    return { yahoo: canonical, alphavantage: undefined, finnhub: undefined, twelvedata: undefined, ...override };
  }
  const padded = rule.padHk && /^\d+$/.test(base) ? base.padStart(4, '0') : base;
  return {
    yahoo: padded + rule.yahoo,
    alphavantage: rule.alphavantage === undefined ? undefined : base + rule.alphavantage,
    finnhub: padded + rule.finnhub,
    twelvedata: base + rule.twelvedata,
    ...override,
  };
}

export function providerSymbol(canonical: string, provider: ProviderName): string | undefined {
  return providerSymbols(canonical)[provider];
}

/** The per-company table for a set of canonical symbols (the universe), for docs and checks. */
export function symbolTable(symbols: readonly string[]): Record<string, ProviderSymbols> {
  return Object.fromEntries(symbols.map((s) => [s, providerSymbols(s)]));
}

const CURRENCY_BY_SUFFIX: Record<string, string> = {
  '': 'USD', AX: 'AUD', SZ: 'CNY', SS: 'CNY', HK: 'HKD', TO: 'CAD', V: 'CAD', L: 'GBp',
};

/** The trading currency of a listing, for providers whose quote does not say (Finnhub, Alpha Vantage). */
export function listingCurrency(canonical: string): string {
  return CURRENCY_BY_SUFFIX[exchangeSuffix(canonical)] ?? 'USD';
}
