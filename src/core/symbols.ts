/**
 * Canonical symbols and the universe directory: one place that turns "$ALB", "SQM.US", "09992", "(600512.SH)"
 * or "albemarle" into the symbol the rest of the bot uses. Shared by the matcher and the command core.
 */
import type { TickerInfo } from './types.js';

const EXCHANGE_SUFFIX: Record<string, string> = {
  US: '', N: '', O: '', OQ: '', NYSE: '', NASDAQ: '', // US listings are plain
  SH: '.SS', SS: '.SS', SHA: '.SS', // Shanghai
  SZ: '.SZ', SHE: '.SZ', SZA: '.SZ', // Shenzhen
  HK: '.HK', HKG: '.HK',
  AX: '.AX', ASX: '.AX',
  TO: '.TO', TSX: '.TO',
  V: '.V', TSXV: '.V', CVE: '.V',
};

/** Prefix forms used in "(NYSE: ALB)", "(ASX: PLS)", "(SZSE: 300750)". */
export const EXCHANGE_PREFIX: Record<string, string> = {
  NYSE: '', NASDAQ: '', 'NYSE AMERICAN': '', NYSEAMERICAN: '', AMEX: '', OTC: '', OTCQX: '', OTCQB: '', 'OTC PINK': '',
  ASX: '.AX', TSX: '.TO', TSXV: '.V', 'TSX-V': '.V', 'TSX VENTURE': '.V', CVE: '.V',
  HKEX: '.HK', HKSE: '.HK', SEHK: '.HK', HK: '.HK',
  SZSE: '.SZ', SZ: '.SZ', SHE: '.SZ', SSE: '.SS', SHSE: '.SS', SH: '.SS', SHA: '.SS',
};

function withSuffix(code: string, suffix: string): string | undefined {
  if (suffix === '.HK') return /^\d{1,5}$/.test(code) ? `${String(Number.parseInt(code, 10))}.HK` : undefined;
  return `${code}${suffix}`;
}

/**
 * Canonical form of a written symbol: upper case, `$` dropped, `.US` dropped, `.SH` read as `.SS`, leading zeros of
 * Hong Kong codes dropped. A bare 6-digit China A-share code gets its exchange from its first digit.
 * Returns undefined for text that cannot be a symbol.
 */
export function normalizeSymbol(raw: string): string | undefined {
  let s = raw.trim().replace(/^\$/, '').toUpperCase();
  const prefixed = /^([A-Z][A-Z -]*?)\s*:\s*([A-Z0-9.-]+)$/.exec(s);
  if (prefixed) {
    const suffix = EXCHANGE_PREFIX[prefixed[1] ?? ''];
    if (suffix === undefined) return undefined;
    const code = prefixed[2] ?? '';
    if (code.includes('.')) return normalizeSymbol(code);
    const full = suffix ? withSuffix(code, suffix) : code;
    return full === undefined ? undefined : normalizeSymbol(full);
  }
  if (!/^[A-Z0-9][A-Z0-9.-]{0,14}$/.test(s)) return undefined;
  const dot = s.lastIndexOf('.');
  if (dot > 0) {
    const base = s.slice(0, dot);
    const ex = s.slice(dot + 1);
    const suffix = EXCHANGE_SUFFIX[ex];
    if (suffix !== undefined) {
      if (suffix === '.HK' && /^\d+$/.test(base)) return withSuffix(base, '.HK');
      s = suffix ? `${base}${suffix}` : base;
      return s;
    }
    return s;
  }
  if (/^\d{6}$/.test(s)) return s.startsWith('6') || s.startsWith('9') ? `${s}.SS` : `${s}.SZ`;
  if (/^\d{4,5}$/.test(s)) return withSuffix(s, '.HK');
  return s;
}

/** Symbols that name the same listing for scoring and lookups (PILBF and PLS.AX). */
export function sameCompany(universe: readonly TickerInfo[], a: string, b: string): boolean {
  if (a === b) return true;
  const t = universe.find((x) => x.symbol === a);
  return !!t?.listings?.includes(b);
}

function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Edit distance, for suggestions only (short strings). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] ?? 0;
      prev[j] = Math.min((prev[j] ?? 0) + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] ?? 0;
}

/** Looks companies up by symbol, exchange form or name. */
export class Universe {
  private readonly bySymbol = new Map<string, TickerInfo>();
  private readonly byName = new Map<string, TickerInfo>();

  constructor(readonly tickers: readonly TickerInfo[]) {
    for (const t of tickers) {
      this.bySymbol.set(t.symbol, t);
      for (const n of [t.name, ...t.aliases]) {
        const k = foldName(n);
        if (k && !this.byName.has(k)) this.byName.set(k, t);
      }
    }
  }

  get(symbol: string): TickerInfo | undefined {
    return this.bySymbol.get(symbol);
  }

  /** A company from a symbol in any written form, or from its name or alias ("albemarle"). */
  resolve(input: string): TickerInfo | undefined {
    const sym = normalizeSymbol(input);
    if (sym) {
      const hit = this.bySymbol.get(sym);
      if (hit) return hit;
    }
    return this.byName.get(foldName(input));
  }

  /** Up to `n` known symbols closest to `input`, for "did you mean". */
  suggest(input: string, n = 3): string[] {
    const q = (normalizeSymbol(input) ?? input).toUpperCase();
    const qn = foldName(input);
    const scored = this.tickers.map((t) => {
      const bySym = distance(q, t.symbol) - (t.symbol.startsWith(q) || q.startsWith(t.symbol.split('.')[0] ?? '') ? 1 : 0);
      const byName = Math.min(
        ...[t.name, ...t.aliases].map((a) => {
          const f = foldName(a);
          return f.startsWith(qn) && qn.length >= 3 ? 0 : distance(qn, f.slice(0, Math.max(qn.length, 1)));
        }),
      );
      return { s: t.symbol, d: Math.min(bySym, byName) };
    });
    return scored
      .filter((x) => x.d <= Math.max(2, Math.floor(q.length / 2)))
      .sort((a, b) => a.d - b.d || a.s.localeCompare(b.s))
      .slice(0, n)
      .map((x) => x.s);
  }

  /** A copy with companies added at run time (watchlist names, `universe_extra`). */
  with(extra: readonly Pick<TickerInfo, 'symbol' | 'name'>[]): Universe {
    if (extra.length === 0) return this;
    const added = extra
      .filter((e) => !this.bySymbol.has(e.symbol))
      .map((e): TickerInfo => ({ symbol: e.symbol, name: e.name, aliases: [] }));
    return new Universe([...this.tickers, ...added]);
  }
}
