/** Pieces several pages show: an alert card with its figures, tickers, story and per-channel delivery states. */
import { figureLabel } from '../../core/alert-view.js';
import type { OutboxEntry } from '../../core/ports.js';
import { mentionWho } from '../../core/commands/filters.js';
import type { Alert, Delivery } from '../../core/types.js';
import { fmtTime, html, safeHref, type Html } from './html.js';

export const chan = (c: { platform: string; id: string }): string => `${c.platform}:${c.id}`;

export function tags(items: readonly string[], cls = 'tag'): Html {
  return html`${items.map((t) => html`<span class="${cls}">${t}</span>`)}`;
}

export function link(text: string, url: string | undefined): Html {
  const href = safeHref(url);
  return href ? html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${text}</a>` : html`${text}`;
}

/** What this channel's settings did to the delivery: the filters it passed, who it mentions (an id, never a ping). */
function deliveryWhy(d: Delivery): Html {
  const parts: Html[] = [];
  if (d.notice) parts.push(html` · <span class="notice">feed health notice</span>`);
  if (d.filterWhy) parts.push(html` · <span class="filter-why">filters passed: ${d.filterWhy}</span>`);
  if (d.mention) parts.push(html` · <span class="mention">mentions ${mentionWho(d.mention)}</span>`);
  return html`${parts}`;
}

export function deliveryList(entries: readonly OutboxEntry[], csrf: string | undefined): Html {
  if (entries.length === 0) return html`<div class="muted small">not queued for any channel</div>`;
  return html`<ul class="small deliveries">${entries.map((e) => {
    const when = e.state === 'sent' ? ` ${fmtTime(e.sentAt)}` : e.state === 'pending' ? ` next ${fmtTime(e.nextAttemptAt)}` : '';
    const edit = e.delivery.story?.isUpdate ? ' (story update)' : '';
    const err = e.lastError ? html` — <span class="bad">${e.lastError.code}: ${e.lastError.message.slice(0, 200)}</span>` : '';
    const retry = e.state === 'dead' && csrf !== undefined
      ? html` <form method="post" action="/admin/retry" class="inline" data-confirm="Retry this delivery?"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="id" value="${e.id}"><button>retry</button></form>`
      : '';
    return html`<li data-channel="${chan(e.delivery.channel)}"><b>${chan(e.delivery.channel)}</b> <span class="st-${e.state} delivery-state">${e.state}</span>${when}${edit}${deliveryWhy(e.delivery)} · attempts ${e.attempts}${err}${retry}</li>`;
  })}</ul>`;
}

export function alertCard(a: Alert, entries: readonly OutboxEntry[], csrf: string | undefined): Html {
  const storyId = entries.find((e) => e.delivery.story)?.delivery.story?.id;
  const figures = a.match.figures.map(figureLabel);
  return html`<div class="card alert" data-alert="${a.id}" data-feed="${a.item.feedId}">
<div class="headline"><b>${link(a.item.title, a.item.link)}</b></div>
<div class="small muted">${a.item.source ?? a.item.feedId} · feed ${a.item.feedId} · matched ${fmtTime(a.matchedAt)}${a.item.published ? html` · published ${fmtTime(a.item.published)}` : ''}</div>
<div class="why">why: ${a.match.why.join('; ')}</div>
${figures.length ? html`<div class="figures">figures: ${tags(figures)}</div>` : ''}
${a.match.tickers.length ? html`<div class="tickers">tickers: ${tags(a.match.tickers)}</div>` : ''}
<div class="small">topics: ${tags(a.match.topics)}${storyId ? html` · <a href="/stories/${encodeURIComponent(storyId)}" class="story-link">story</a>` : ''}</div>
${deliveryList(entries, csrf)}
</div>`;
}

/** Groups outbox entries by alert id. */
export function byAlert(entries: readonly OutboxEntry[]): Map<string, OutboxEntry[]> {
  const m = new Map<string, OutboxEntry[]>();
  for (const e of entries) {
    const list = m.get(e.delivery.alert.id) ?? [];
    list.push(e);
    m.set(e.delivery.alert.id, list);
  }
  return m;
}
