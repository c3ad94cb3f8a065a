/**
 * Alerts as terminal text. Feed text is stripped of control characters first: an ANSI escape in a headline
 * must not repaint or hijack the user's terminal.
 */
import type { AlertView } from '../../core/alert-view.js';
import { noticeSummary, noticeTitle } from '../../core/feed-health.js';
import type { FeedHealthNotice } from '../../core/types.js';

// C0/C1 controls (keeps \n only where we put it), bidi overrides and zero-width characters.
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function clean(text: string, max = 400): string {
  const t = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const KIND_LABEL = { supply: 'LITHIUM SUPPLY', watchlist: 'WATCHLIST', topic: 'TOPIC' } as const;

export interface ConsoleStyle {
  color: boolean;
}

function paint(s: string, code: string, style: ConsoleStyle): string {
  return style.color ? `\u001b[${code}m${s}\u001b[0m` : s;
}

export function formatAlertText(v: AlertView, style: ConsoleStyle = { color: false }): string {
  const when = v.time.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const head = `── ${KIND_LABEL[v.kind]} ── ${when}${v.source ? ` · ${clean(v.source, 80)}` : ''}`;
  const lines = [paint(head, v.kind === 'supply' ? '33;1' : '36;1', style), paint(clean(v.headline, 300), '1', style)];
  if (v.why) lines.push(`  why:      ${clean(v.why, 200)}`);
  if (v.figures.length) lines.push(`  figures:  ${v.figures.map((f) => clean(f, 80)).join(' · ')}`);
  if (v.tickers.length) lines.push(`  tickers:  ${v.tickers.join(' ')}`);
  if (v.watched.length) lines.push(`  watching: ${v.watched.join(' ')}`);
  if (v.url) lines.push(`  link:     ${clean(v.url, 300)}`);
  return lines.join('\n');
}

/** A feed health notice: its title, then one cleaned line per fact (feed, since, error, next attempt). */
export function formatNoticeText(n: FeedHealthNotice, style: ConsoleStyle = { color: false }): string {
  const head = `── FEED ${n.state === 'failing' ? 'FAILING' : 'WORKING AGAIN'} ──`;
  const lines = [paint(head, n.state === 'failing' ? '31;1' : '32;1', style), paint(clean(noticeTitle(n), 300), '1', style)];
  for (const l of noticeSummary(n).split('\n')) lines.push(`  ${clean(l, 300)}`);
  return lines.join('\n');
}
