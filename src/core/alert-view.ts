/**
 * The neutral view of an alert that every output renders: console, Discord embed, Slack blocks.
 * Text here is plain; each adapter escapes it for its own markup and cuts it to its own limits.
 */
import { figureName } from './figure-words.js';
import type { AlertKind, Delivery, Figure } from './types.js';

export interface AlertView {
  kind: AlertKind;
  headline: string;
  url?: string | undefined;
  source?: string | undefined;
  /** ISO time the story was published (or matched, when the feed gave no date). */
  time: string;
  why: string;
  /** One short label per key figure: "ALB +13.6%", "Output −14%", "Supply −6,000 t/month". */
  figures: string[];
  tickers: string[];
  /** The channel's watched symbols this alert names. */
  watched: string[];
  summary: string;
  /** A story alert: the other outlets that reported it (plain text; each adapter makes the links). */
  alsoReportedBy?: { source: string; url?: string | undefined }[] | undefined;
  /** A new development: the earlier story it follows. */
  relatedTo?: { headline: string; url?: string | undefined } | undefined;
  /** The role or user group the channel's admin asked to mention on this alert (never from feed text). */
  mention?: { kind: 'role' | 'usergroup'; id: string } | undefined;
}

const MINUS = '\u2212';

function num(n: number, maxFrac = 2): string {
  return Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: maxFrac });
}

function signed(pct: number): string {
  return `${pct < 0 ? MINUS : '+'}${num(pct, 2)}%`;
}

/** 469000000 → "469M", 10600000000 → "10.6B", 2.4 → "2.4". */
function compactMoney(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${num(v / 1e9, 2)}B`;
  if (abs >= 1e6) return `${num(v / 1e6, 2)}M`;
  return num(v, 2);
}

export function figureLabel(f: Figure): string {
  if (f.kind === 'move') return `${f.symbol} ${signed(f.pct)}`;
  const { name, reduction } = figureName(f);
  switch (f.kind) {
    case 'change':
      return `${name} ${signed(f.pct)}`;
    case 'quantity': {
      const per = f.per ? `/${f.per}` : '';
      const basis = f.basis ? ` ${f.basis}` : '';
      return `${name} ${reduction ? MINUS : ''}${num(f.value, 0)} t${basis}${per}`;
    }
    case 'money':
      return `${name} ${f.currency} ${compactMoney(f.value)}`;
    case 'price': {
      const per = f.per ? `/${f.per}` : '';
      return `${name} ${f.currency} ${num(f.value, 2)}${per}`;
    }
  }
}

export function alertView(d: Delivery): AlertView {
  // A later report of a story keeps showing the story's first report, with what the story has gathered since.
  const lead = d.story?.lead ?? d.alert;
  const { item, match } = lead;
  const tickers = d.story?.lead ? [...new Set([...match.tickers, ...d.alert.match.tickers])] : match.tickers;
  const also = d.story?.alsoReportedBy ?? [];
  const related = d.story?.relatedTo;
  return {
    kind: d.kind,
    headline: item.title || '(untitled)',
    url: item.link,
    source: item.source,
    time: item.published ?? lead.matchedAt,
    // A watchlist alert about a story that is not a supply story is there because of the tickers, not the matcher's
    // supply verdict ("no supply: …" would read as a reason not to look).
    why: [d.kind === 'watchlist' && !match.lithiumSupply && d.watched.length ? `watchlist: ${d.watched.join(' ')}` : match.why.join('; '), d.filterWhy ?? '']
      .filter((w) => w)
      .join('; '),
    figures: (d.story?.figures ?? match.figures).map(figureLabel),
    tickers,
    watched: d.watched,
    summary: item.summary,
    ...(also.length ? { alsoReportedBy: also.map((a) => ({ source: a.source, url: a.link })) } : {}),
    ...(related ? { relatedTo: { headline: related.title, url: related.link } } : {}),
    ...(d.mention ? { mention: d.mention } : {}),
  };
}
