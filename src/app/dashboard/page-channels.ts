/**
 * Channels: each subscription, its watchlist, digest settings, last delivery, and any other settings it carries
 * (filters and the like, shown as they are stored, so fields added later appear without a change here). With the
 * token, a command line per channel runs a chat command through the command core, as if typed in that channel.
 */
import type { Subscription } from '../../core/types.js';
import type { DashboardDeps } from './deps.js';
import { fmtTime, html, type Html } from './html.js';
import { chan, tags } from './views.js';

const KNOWN = new Set(['channel', 'want', 'watchlist', 'origin', 'updatedAt', 'failing', 'digest']);

function digestText(s: Subscription): string {
  const d = s.digest;
  if (!d || d.mode === 'realtime') return d?.quiet ? `realtime, quiet ${d.quiet.from}–${d.quiet.to} ${d.tz ?? 'UTC'}` : 'realtime';
  const at = d.mode === 'daily' ? ` at ${d.at ?? '08:00'} ${d.tz ?? 'UTC'}` : '';
  return `${d.mode}${at}${d.quiet ? `, quiet ${d.quiet.from}–${d.quiet.to}` : ''}`;
}

export async function channelsPage(deps: DashboardDeps, csrf: string | undefined, result?: Html): Promise<Html> {
  const subs = await deps.stores.subscriptions.list();
  const last = await Promise.all(subs.map((s) => deps.stores.alerts.lastDeliveredAt(s.channel)));
  if (subs.length === 0) return html`${result ?? ''}<p class="muted">No channel is subscribed yet (/subscribe in a channel, or config/subscriptions.yaml).</p>`;
  const rows = subs.map((s, i) => {
    const extra = Object.entries(s).filter(([k, v]) => !KNOWN.has(k) && v !== undefined);
    const admin = csrf !== undefined && s.origin !== 'config'
      ? html`<form method="post" action="/admin/command" class="filters" data-confirm="Run this command in ${chan(s.channel)}?"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="channel" value="${chan(s.channel)}"><input type="hidden" name="workspace" value="${s.channel.workspace ?? ''}"><input name="command" size="28" placeholder="watchlist add ALB"><button>Run</button></form>`
      : '';
    return html`<tr data-channel="${chan(s.channel)}"><td><b>${chan(s.channel)}</b>${s.channel.workspace ? html`<div class="small muted">workspace ${s.channel.workspace}</div>` : ''}<div class="small muted">${s.origin === 'config' ? 'from config (read-only)' : 'set by chat'} · updated ${fmtTime(s.updatedAt)}</div></td>
<td>${s.want ?? html`<span class="muted">watchlist only</span>`}</td><td>${s.watchlist.length ? tags(s.watchlist.map((w) => (w.name ? `${w.symbol} (${w.name})` : w.symbol))) : '—'}</td>
<td>${digestText(s)}</td><td>${fmtTime(last[i])}${s.failing ? html`<div class="small bad">failing since ${fmtTime(s.failing.since)}: ${s.failing.reason}</div>` : ''}</td>
<td>${extra.length ? extra.map(([k, v]) => html`<div class="small"><b>${k}</b>: <code>${JSON.stringify(v)}</code></div>`) : '—'}${admin}</td></tr>`;
  });
  return html`${result ?? ''}<table class="channels"><thead><tr><th>Channel</th><th>Wants</th><th>Watchlist</th><th>Digest</th><th>Last delivery</th><th>Other settings</th></tr></thead><tbody>${rows}</tbody></table>`;
}
