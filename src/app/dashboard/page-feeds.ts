/**
 * Feeds: every feed (config/feeds.yaml's, the chat-added and imported ones, and any other with a stored state) with
 * where it came from and who added it, paused or polled, its last poll, HTTP status, latency, 304 share and errors
 * (decayed counts of about the last 24 h), items, validators, failures and backoff; sortable by any column
 * (server-side, no script). All of it is the stored feed state, so every instance on one store shows the same. With the token, each feed has a
 * Pause or Resume button that runs `feed pause|resume ID` through the command core (admin.ts), CSRF-checked.
 */
import type { FeedState } from '../../core/ports.js';
import type { DashboardDeps, DashboardFeed } from './deps.js';
import { fetchStatsSummary } from '../../core/fetch-stats.js';
import { fmtTime, html, query, type Html } from './html.js';

interface Row {
  id: string;
  url: string;
  origin: string;
  feed: DashboardFeed | undefined;
  state: FeedState | undefined;
  stats: { polls: number; share304: number; errors: number } | undefined;
}

const COLUMNS: { key: string; label: string; num?: boolean; value: (r: Row) => string | number }[] = [
  { key: 'id', label: 'Feed', value: (r) => r.id },
  { key: 'origin', label: 'Origin', value: (r) => r.origin },
  { key: 'state', label: 'State', value: (r) => stateOf(r) },
  { key: 'poll', label: 'Last poll', value: (r) => r.state?.lastPollAt ?? '' },
  { key: 'status', label: 'HTTP', value: (r) => String(r.state?.fetch?.lastStatus ?? r.state?.lastError?.code ?? '') },
  { key: 'latency', label: 'Latency', num: true, value: (r) => r.state?.fetch?.lastLatencyMs ?? -1 },
  { key: 'share304', label: '304 share (24 h)', num: true, value: (r) => (r.stats?.polls ? r.stats.share304 : -1) },
  { key: 'errors', label: 'Errors (24 h)', num: true, value: (r) => r.stats?.errors ?? -1 },
  { key: 'items', label: 'Items', num: true, value: (r) => r.state?.itemCount ?? -1 },
  { key: 'validators', label: 'Validators', value: (r) => validatorsOf(r.state) },
  { key: 'failures', label: 'Failures', num: true, value: (r) => r.state?.consecutiveFailures ?? 0 },
  { key: 'backoff', label: 'Backoff until', value: (r) => r.state?.nextAttemptAt ?? '' },
];

/** A feed URL without its query or credentials: either may carry a key, and nothing secret is rendered. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '';
  }
}

/** Which conditional-GET validators the feed's server gave (the values are not shown): without one, no 304. */
function validatorsOf(s: FeedState | undefined): string {
  if (!s?.primed) return '';
  const v = [s.etag ? 'ETag' : '', s.lastModified ? 'Last-Modified' : ''].filter(Boolean);
  return v.length ? v.join(', ') : 'none';
}

function stateOf(r: Row): string {
  if (!r.feed) return 'not polled now';
  if (r.feed.shadowed) return 'not polled: config/feeds.yaml has it';
  return r.feed.paused ? 'paused' : 'polled';
}

function originOf(f: DashboardFeed): string {
  if (f.origin === 'chat') return `chat: added by ${f.addedBy ?? 'someone'}`;
  return f.origin === 'config' || f.origin === undefined ? 'config/feeds.yaml' : f.origin;
}

/** Pause or Resume, through the command core: a chat-added feed shadowed by config is not polled either way. */
function adminForm(r: Row, csrf: string | undefined): Html | string {
  if (csrf === undefined || !r.feed || r.feed.shadowed) return '';
  const action = r.feed.paused ? 'resume' : 'pause';
  return html`<form method="post" action="/admin/feed" class="feed-admin" data-confirm="${action === 'pause' ? 'Pause' : 'Resume'} ${r.id}?"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="feed" value="${r.id}"><input type="hidden" name="action" value="${action}"><button>${action === 'pause' ? 'Pause' : 'Resume'}</button></form>`;
}

export async function feedsPage(deps: DashboardDeps, params: URLSearchParams, csrf?: string, result?: Html): Promise<Html> {
  const [feeds, states] = await Promise.all([deps.feeds(), deps.stores.feedStates.list()]);
  const byId = new Map(states.map((s) => [s.feedId, s]));
  const at = deps.clock.now();
  const statsOf = (s: FeedState | undefined) => (s?.fetch ? fetchStatsSummary(s.fetch, at) : undefined);
  const rows: Row[] = feeds.map((f) => ({ id: f.id, url: f.url, origin: originOf(f), feed: f, state: byId.get(f.id), stats: statsOf(byId.get(f.id)) }));
  const listed = new Set(feeds.map((f) => f.id));
  for (const s of states) if (!listed.has(s.feedId)) rows.push({ id: s.feedId, url: '', origin: '—', feed: undefined, state: s, stats: statsOf(s) });

  const sort = COLUMNS.find((c) => c.key === params.get('sort')) ?? COLUMNS[0]!;
  const desc = params.get('dir') === 'desc';
  rows.sort((a, b) => {
    const x = sort.value(a);
    const y = sort.value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return desc ? -c : c;
  });
  const now = at.getTime();
  const head = COLUMNS.map((c) => {
    const dir = c.key === sort.key && !desc ? 'desc' : 'asc';
    const mark = c.key === sort.key ? (desc ? ' ▼' : ' ▲') : '';
    return html`<th class="${c.num ? 'num' : ''}"><a href="/feeds${query({ sort: c.key, dir })}">${c.label}${mark}</a></th>`;
  });
  const body = rows.map((r) => {
    const s = r.state;
    const failing = (s?.consecutiveFailures ?? 0) > 0;
    const backoff = s?.nextAttemptAt && Date.parse(s.nextAttemptAt) > now ? fmtTime(s.nextAttemptAt) : '—';
    const share = r.stats?.polls ? `${Math.round(100 * r.stats.share304)}% of ${r.stats.polls}` : '—';
    const f = s?.fetch;
    const state = stateOf(r);
    return html`<tr class="${['feed', failing ? 'failing' : '', r.feed?.paused ? 'paused' : ''].filter(Boolean).join(' ')}" data-feed="${r.id}"><td><b>${r.id}</b><div class="small muted">${shownUrl(r.url)}</div>
${s?.lastError && failing ? html`<div class="small bad">failing since ${fmtTime(s.failingSince)}: ${s.lastError.message.startsWith(s.lastError.code) ? '' : `${s.lastError.code}: `}${s.lastError.message.slice(0, 200)}</div>` : ''}</td>
<td class="origin small">${r.origin}</td><td class="feed-state"><span class="${state === 'polled' ? 'ok' : 'muted'}">${state}</span>${r.feed?.pausedBy ? html`<div class="small muted">by ${r.feed.pausedBy}, ${fmtTime(r.feed.pausedAt)}</div>` : ''}${adminForm(r, csrf)}</td>
<td>${fmtTime(s?.lastPollAt)}</td><td class="${failing ? 'bad' : ''}">${f?.lastStatus ?? (failing ? s?.lastError?.code : '') ?? '—'}</td>
<td class="num">${f ? `${f.lastLatencyMs} ms` : '—'}</td><td class="num share304">${share}</td><td class="num ${r.stats?.errors ? 'bad' : ''}">${r.stats ? r.stats.errors : '—'}</td>
<td class="num">${s?.itemCount ?? '—'}</td><td class="small">${validatorsOf(s) || '—'}</td>
<td class="num ${failing ? 'bad' : ''}">${s?.consecutiveFailures ?? 0}</td><td>${backoff}</td></tr>`;
  });
  return html`${result ?? ''}<p class="muted small">All from the stored feed state, shared by every instance on this store and kept across restarts. 304 share and errors are decayed counts of about the last 24 hours (a poll a minute settles near 1440 polls); latency includes the wait for a per-host slot.</p>
<table class="feeds"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
