/**
 * Channels: each subscription in words, the same words /status uses (the command core's describers), so the
 * dashboard and the chat never disagree: what it gets, its watchlist, filters, mention, story updates, digest,
 * whether posting fails, and its last delivery. Fields added to Subscription later show in a generic column until
 * they get words here. Filterable by platform and "failing only". With the token, a command line per channel runs
 * a chat command through the command core, as if typed in that channel.
 */
import { describeDigest } from '../../core/digest-schedule.js';
import { alertsValue, formatTime, watchlistValue } from '../../core/commands/describe.js';
import { filterValue, mentionValue } from '../../core/commands/filters.js';
import { describeThreads } from '../../core/commands/threads.js';
import type { Subscription } from '../../core/types.js';
import type { DashboardDeps } from './deps.js';
import { fmtTime, html, query, type Html } from './html.js';
import { chan } from './views.js';

/** Fields this page words; any other field is shown as stored, in the last column. */
const KNOWN = new Set(['channel', 'want', 'watchlist', 'origin', 'updatedAt', 'failing', 'digest', 'filter', 'mention', 'threads']);

export interface ChannelsQuery {
  platform?: string | undefined;
  failingOnly: boolean;
}

export function channelsQuery(params: URLSearchParams): ChannelsQuery {
  const platform = params.get('platform')?.trim().toLowerCase().slice(0, 40) || undefined;
  return { platform, failingOnly: ['1', 'on', 'true', 'yes'].includes(params.get('failing') ?? '') };
}

/** One labelled line; `data-setting` lets tests and scripts find a setting without parsing the words. */
const setting = (key: string, label: string, value: string | Html): Html =>
  html`<div class="setting" data-setting="${key}"><b>${label}</b>: ${value}</div>`;

function settingsOf(s: Subscription): Html {
  return html`${setting('filters', 'Filters', filterValue(s.filter))}
${setting('mention', 'Mention', mentionValue(s.mention))}
${setting('threads', 'Story updates', describeThreads(s.threads))}
${setting('delivery', 'Delivery', describeDigest(s.digest))}`;
}

function postingOf(s: Subscription, last: string | undefined, now: Date): Html {
  const state = s.failing
    ? html`<div class="setting bad" data-setting="posting"><b>Posting</b>: failing since ${formatTime(s.failing.since, now)}: ${s.failing.reason}</div>`
    : setting('posting', 'Posting', s.want ? 'ok' : 'nothing to post');
  const log = html`<div><a href="/${query({ channel: chan(s.channel) })}" class="channel-alerts">its alerts in the log</a></div>`;
  return html`${state}${setting('last', 'Last alert here', last ? formatTime(last, now) : 'none yet')}${log}`;
}

function filterForm(q: ChannelsQuery, platforms: readonly string[]): Html {
  return html`<form class="filters channel-filters" method="get" action="/channels">
<label>platform<select name="platform"><option value="">any</option>${platforms.map((p) => html`<option value="${p}" ${p === q.platform ? 'selected' : ''}>${p}</option>`)}</select></label>
<label class="check"><span>failing only</span><input type="checkbox" name="failing" value="1" ${q.failingOnly ? 'checked' : ''}></label>
<button>Filter</button> <a href="/channels">clear</a></form>`;
}

export async function channelsPage(deps: DashboardDeps, params: URLSearchParams, csrf: string | undefined, result?: Html): Promise<Html> {
  const q = channelsQuery(params);
  const all = await deps.stores.subscriptions.list();
  const platforms = [...new Set(all.map((s) => s.channel.platform))].sort();
  const subs = all.filter((s) => (!q.platform || s.channel.platform === q.platform) && (!q.failingOnly || s.failing));
  const last = await Promise.all(subs.map((s) => deps.stores.alerts.lastDeliveredAt(s.channel)));
  const now = deps.clock.now();
  const head = html`${result ?? ''}${filterForm(q, platforms)}`;
  if (all.length === 0) return html`${head}<p class="muted">No channel is subscribed yet (/subscribe in a channel, or config/subscriptions.yaml).</p>`;
  if (subs.length === 0) return html`${head}<p class="muted">No channel matches these filters.</p>`;
  const rows = subs.map((s, i) => {
    const extra = Object.entries(s).filter(([k, v]) => !KNOWN.has(k) && v !== undefined);
    const admin = csrf !== undefined && s.origin !== 'config'
      ? html`<form method="post" action="/admin/command" class="filters" data-confirm="Run this command in ${chan(s.channel)}?"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="channel" value="${chan(s.channel)}"><input type="hidden" name="workspace" value="${s.channel.workspace ?? ''}"><input name="command" size="22" placeholder="watchlist add ALB"><button>Run</button></form>`
      : '';
    return html`<tr data-channel="${chan(s.channel)}" class="${s.failing ? 'failing' : ''}"><td><b>${chan(s.channel)}</b>${s.channel.workspace ? html`<div class="small muted">workspace ${s.channel.workspace}</div>` : ''}<div class="small muted">${s.origin === 'config' ? 'from config (read-only)' : 'set by chat'} · updated ${fmtTime(s.updatedAt)}</div></td>
<td class="gets">${setting('alerts', 'Alerts', alertsValue(s))}${setting('watchlist', 'Watchlist', watchlistValue(s, deps.commandDeps.universe))}</td>
<td class="small settings">${settingsOf(s)}</td><td class="small posting">${postingOf(s, last[i], now)}</td>
<td>${extra.length ? extra.map(([k, v]) => html`<div class="small"><b>${k}</b>: <code>${JSON.stringify(v)}</code></div>`) : '—'}${admin}</td></tr>`;
  });
  return html`${head}<p class="muted small">${subs.length} of ${all.length} channels</p><table class="channels"><thead><tr><th>Channel</th><th>Gets</th><th>Settings</th><th>Posting</th><th>Other settings</th></tr></thead><tbody>${rows}</tbody></table>`;
}
