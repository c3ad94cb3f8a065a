/** Charts: alerts per day by topic, fetch-to-post latency, feed failures per day (SVG drawn here, no script). */
import type { DashboardDeps } from './deps.js';
import { histogram, stackedBars, type Series } from './charts.js';
import { html, type Html } from './html.js';

const DAY = 86_400_000;
const DAYS = 14;
/** Most alerts the charts read; beyond it the oldest days are undercounted (the page says so). */
const MAX_ALERTS = 20_000;
const MAX_POSTS = 5_000;
const BUCKETS: [number, string][] = [[1e3, '<1 s'], [5e3, '1–5 s'], [30e3, '5–30 s'], [120e3, '30 s–2 m'], [600e3, '2–10 m'], [3600e3, '10 m–1 h'], [Infinity, '>1 h']];

function perDay<T>(items: readonly T[], day: (t: T) => string, key: (t: T) => string[], days: readonly string[], top = 7): Series[] {
  const counts = new Map<string, number[]>();
  for (const it of items) {
    const i = days.indexOf(day(it));
    if (i < 0) continue;
    for (const k of key(it)) {
      const row = counts.get(k) ?? days.map(() => 0);
      row[i] = (row[i] ?? 0) + 1;
      counts.set(k, row);
    }
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1].reduce((s, v) => s + v, 0) - a[1].reduce((s, v) => s + v, 0));
  const series = sorted.slice(0, top).map(([name, values]) => ({ name, values }));
  const rest = sorted.slice(top);
  if (rest.length) series.push({ name: 'other', values: days.map((_, i) => rest.reduce((s, [, v]) => s + (v[i] ?? 0), 0)) });
  return series;
}

export async function chartsPage(deps: DashboardDeps): Promise<Html> {
  const now = deps.clock.now().getTime();
  const start = Math.floor(now / DAY) * DAY - (DAYS - 1) * DAY;
  const days = Array.from({ length: DAYS }, (_, i) => new Date(start + i * DAY).toISOString().slice(0, 10));
  const [alerts, failures, posts] = await Promise.all([
    deps.stores.dashboard.alertTopicsSince(new Date(start), MAX_ALERTS),
    deps.stores.dashboard.feedFailures(new Date(start), 50_000),
    deps.stores.dashboard.postsSince(new Date(start), MAX_POSTS),
  ]);
  const topics = perDay(alerts, (a) => a.matchedAt.slice(0, 10), (a) => (a.topics.length ? a.topics : ['(none)']), days);
  const fails = perDay(failures, (f) => f.at.slice(0, 10), (f) => [f.feedId], days);

  const latencies = posts
    .filter((p) => !p.digest)
    .map((p) => Date.parse(p.sentAt) - Date.parse(p.matchedAt))
    .filter((ms) => Number.isFinite(ms) && ms >= 0)
    .sort((a, b) => a - b);
  const counts = BUCKETS.map(() => 0);
  for (const ms of latencies) counts[BUCKETS.findIndex(([max]) => ms < max)]! += 1;
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : undefined);
  const sec = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

  return html`<h2>Alerts per day by topic (last ${DAYS} days)</h2>
${alerts.length ? stackedBars('Alerts per day by topic', days.map((d) => d.slice(5)), topics) : html`<p class="muted">No alerts in these days.</p>`}
${alerts.length >= MAX_ALERTS ? html`<p class="small muted">Only the newest ${MAX_ALERTS} alerts are counted.</p>` : ''}
<h2>Fetch-to-post latency</h2>
<p class="small muted">From the match (right after the fetch) to the post, for up to ${MAX_POSTS} posts of these days: ${latencies.length} posts, median ${sec(pct(0.5))}, p95 ${sec(pct(0.95))}. Digests are left out (they wait on purpose).</p>
${latencies.length ? histogram('Posts by latency', BUCKETS.map(([, l]) => l), counts) : ''}
<h2>Feed failures per day</h2>
${failures.length ? stackedBars('Feed failures per day', days.map((d) => d.slice(5)), fails) : html`<p class="muted">No failed polls in these days.</p>`}`;
}
