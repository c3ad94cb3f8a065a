/** Alerts: newest first, paged, filterable by ticker, topic, feed and channel. */
import type { AlertPageQuery } from '../../core/dashboard-queries.js';
import type { DashboardDeps } from './deps.js';
import { html, query, type Html } from './html.js';
import { alertCard, byAlert, chan } from './views.js';

export const PAGE_SIZE = 25;

export function alertQuery(params: URLSearchParams): AlertPageQuery & { page: number } {
  const s = (k: string) => params.get(k)?.trim().slice(0, 200) || undefined;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  const channel = s('channel');
  const i = channel?.indexOf(':') ?? -1;
  return {
    ticker: s('ticker')?.toUpperCase(),
    topic: s('topic'),
    feed: s('feed'),
    channel: channel && i > 0 ? { platform: channel.slice(0, i), id: channel.slice(i + 1) } : undefined,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
    page,
  };
}

export async function alertsPage(deps: DashboardDeps, params: URLSearchParams, csrf: string | undefined): Promise<Html> {
  const q = alertQuery(params);
  const [page, total, subs, feeds] = await Promise.all([
    deps.stores.dashboard.alertPage(q),
    deps.stores.dashboard.alertCount(),
    deps.stores.subscriptions.list(),
    deps.feeds(),
  ]);
  const entries = byAlert(await deps.stores.dashboard.deliveriesOf(page.alerts.map((a) => a.id)));
  const current = { ticker: q.ticker, topic: q.topic, feed: q.feed, channel: q.channel ? chan(q.channel) : undefined };
  const option = (value: string, selected: string | undefined) => html`<option value="${value}" ${value === selected ? 'selected' : ''}>${value}</option>`;
  const filters = html`<form class="filters" method="get" action="/">
<label>ticker<input name="ticker" value="${current.ticker ?? ''}" size="10" placeholder="ALB"></label>
<label>topic<select name="topic"><option value="">any</option>${deps.topics.map((t) => option(t, current.topic))}</select></label>
<label>feed<select name="feed"><option value="">any</option>${feeds.map((f) => option(f.id, current.feed))}</select></label>
<label>channel<select name="channel"><option value="">any</option>${subs.map((s) => option(chan(s.channel), current.channel))}</select></label>
<button>Filter</button> <a href="/">clear</a></form>`;
  const filtered = Object.values(current).some((v) => v !== undefined);
  const nav = html`<div class="pager">${q.page > 1 ? html`<a href="/${query({ ...current, page: q.page - 1 })}" rel="prev">← newer</a>` : ''}
<span class="muted">page ${q.page}</span>${page.more ? html`<a href="/${query({ ...current, page: q.page + 1 })}" rel="next">older →</a>` : ''}</div>`;
  const list = page.alerts.length
    ? page.alerts.map((a) => alertCard(a, entries.get(a.id) ?? [], csrf))
    : html`<p class="muted">${filtered ? 'No alert matches these filters.' : 'No alerts yet: they show here as feeds are polled.'}</p>`;
  return html`${filters}<p class="muted small">${total} alerts in the log${filtered ? ' (filtered below)' : ''}</p>${list}${nav}`;
}
