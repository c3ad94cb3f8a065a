/** Stories: the outlets that reported each, in time order, the figures each added, and the message edits. */
import { figureLabel } from '../../core/alert-view.js';
import type { Story } from '../../core/stories.js';
import { figuresNotIn } from '../../core/stories/figures.js';
import type { Figure } from '../../core/types.js';
import { alertIdFor } from '../../feeds/poller.js';
import type { DashboardDeps } from './deps.js';
import { fmtTime, html, type Html } from './html.js';
import { chan, link, tags } from './views.js';

export async function storiesPage(deps: DashboardDeps): Promise<Html> {
  // Every story the store still keeps (it expires them itself, days after their last report), whatever the date
  // of its reports: a backlog of older news, the bundled samples included, is listed as well as today's.
  const stories = (await deps.stores.stories.recent(new Date(0)))
    .map((s) => s.story)
    .sort((a, b) => b.lastAt.localeCompare(a.lastAt))
    .slice(0, 200);
  if (stories.length === 0) return html`<p class="muted">No stories kept yet (a story groups the reports of one event from several outlets; the store keeps it for days after its last report).</p>`;
  return html`<table><thead><tr><th>Story</th><th class="num">Outlets</th><th>First report</th><th>Latest</th></tr></thead><tbody>
${stories.map((s) => html`<tr><td><a href="/stories/${encodeURIComponent(s.id)}">${s.members[0]?.title ?? s.id}</a></td><td class="num">${s.members.length}</td><td>${fmtTime(s.firstAt)}</td><td>${fmtTime(s.lastAt)}</td></tr>`)}
</tbody></table>`;
}

export async function storyPage(deps: DashboardDeps, id: string): Promise<Html | undefined> {
  const stored = await deps.stores.dashboard.story(id);
  if (!stored) return undefined;
  const story: Story = stored.story;
  const members = [...story.members].sort((a, b) => a.at.localeCompare(b.at));
  const alertIds = members.map((m) => alertIdFor({ id: m.itemId, feedId: m.feedId, title: m.title, summary: '', link: m.link }));
  const [alerts, entries] = await Promise.all([
    Promise.all(alertIds.map((a) => deps.stores.dashboard.alertById(a))),
    deps.stores.dashboard.deliveriesOf(alertIds),
  ]);
  let known: Figure[] = [];
  const rows = members.map((m, i) => {
    const figures = alerts[i]?.match.figures ?? [];
    const added = figuresNotIn(figures, known);
    known = [...known, ...added];
    return html`<tr class="outlet"><td>${i + 1}</td><td>${fmtTime(m.at)}</td><td>${m.source ?? m.feedId}</td><td>${link(m.title, m.link)}</td><td>${added.length ? tags(added.map(figureLabel)) : html`<span class="muted">—</span>`}</td></tr>`;
  });
  const edits = entries.map((e) => html`<tr><td>${chan(e.delivery.channel)}</td><td>${e.delivery.story?.isUpdate ? 'edit' : 'post'}</td><td>${e.delivery.alert.item.source ?? e.delivery.alert.item.feedId}</td><td class="st-${e.state}">${e.state}</td><td>${fmtTime(e.sentAt)}</td><td>${e.messageId ?? ''}</td></tr>`);
  return html`<div class="card"><b>${members[0]?.title ?? story.id}</b><div class="small muted">story ${story.id} · first ${fmtTime(story.firstAt)} · latest ${fmtTime(story.lastAt)}${story.relatedTo ? html` · develops <a href="/stories/${encodeURIComponent(story.relatedTo)}">an earlier story</a>` : ''}</div>
<div>all figures: ${story.figures.length ? tags(story.figures.map(figureLabel)) : html`<span class="muted">none</span>`}</div></div>
<h2>Outlets, in time order</h2>
<table class="outlets"><thead><tr><th>#</th><th>At</th><th>Outlet</th><th>Headline</th><th>Figures it added</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Messages and edits</h2>
${entries.length ? html`<table><thead><tr><th>Channel</th><th>Kind</th><th>Report</th><th>State</th><th>Sent</th><th>Message</th></tr></thead><tbody>${edits}</tbody></table>` : html`<p class="muted">No channel was sent this story.</p>`}`;
}
