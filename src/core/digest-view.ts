/**
 * A digest: what a channel's held deliveries become when it is due. Reports of one story are one entry (with how
 * many reports and the story's figures); entries keep arrival order. Plain data; adapters render the view.
 */
import { createHash } from 'node:crypto';
import { figureLabel } from './alert-view.js';
import { outboxId } from './ports.js';
import type { Alert, ChannelRef, Delivery, DigestContent, DigestStory, Figure } from './types.js';

const label = (f: Figure) => figureLabel(f);

/** Groups held deliveries by story: one entry per story (or per alert outside any story). */
export function digestStories(held: readonly Delivery[]): DigestStory[] {
  const byKey = new Map<string, DigestStory & { figs: Map<string, Figure> }>();
  for (const d of held) {
    const key = d.story?.id ?? d.alert.id;
    const lead = d.story?.lead ?? d.alert;
    let e = byKey.get(key);
    if (!e) {
      e = { storyId: d.story?.id, title: lead.item.title || '(untitled)', link: lead.item.link, source: lead.item.source, reports: 0, figures: [], tickers: [], figs: new Map() };
      byKey.set(key, e);
    }
    e.reports += 1;
    for (const f of [...(d.story?.figures ?? []), ...d.alert.match.figures]) if (!e.figs.has(label(f))) e.figs.set(label(f), f);
    e.tickers = [...new Set([...e.tickers, ...d.alert.match.tickers])];
  }
  return [...byKey.values()].map(({ figs, ...e }) => ({ ...e, figures: [...figs.values()] }));
}

const MODE_TITLE: Record<DigestContent['mode'], string> = { daily: 'Daily digest', hourly: 'Hourly digest', quiet: 'Held during quiet hours' };

export interface DigestView {
  title: string;
  from: string;
  to: string;
  entries: { headline: string; url?: string | undefined; source?: string | undefined; reports: number; figures: string[]; tickers: string[] }[];
}

export function digestView(c: DigestContent): DigestView {
  const n = c.stories.length;
  return {
    title: `${MODE_TITLE[c.mode]}: ${n} ${n === 1 ? 'story' : 'stories'}`,
    from: c.from,
    to: c.to,
    entries: c.stories.map((s) => ({ headline: s.title, url: s.link, source: s.source, reports: s.reports, figures: s.figures.map(label), tickers: s.tickers })),
  };
}

/**
 * The one delivery a digest is: its `alert` is a summary (what an output without digest rendering shows). Its id
 * comes from the slot's mark and what it holds, not the time it was built: built again after a crash from the
 * same held deliveries it is the same digest, which the outbox queues once.
 */
export function digestDelivery(channel: ChannelRef, held: readonly Delivery[], mode: DigestContent['mode'], from: string, to: string, mark: string = from): Delivery {
  const stories = digestStories(held);
  const content: DigestContent = { mode, from, to, stories };
  const view = digestView(content);
  const summary = view.entries.map((e) => `\u2022 ${e.headline}${e.figures.length ? ` (${e.figures.slice(0, 4).join(', ')})` : ''}`).join('\n');
  const id = `digest|${mode}|${createHash('sha1').update([mark, ...held.map(outboxId)].join('\n')).digest('hex').slice(0, 20)}`;
  const alert: Alert = {
    id,
    item: { id, feedId: 'digest', title: view.title, summary },
    match: { lithiumSupply: held.some((d) => d.alert.match.lithiumSupply), score: 1, why: [], tickers: [...new Set(stories.flatMap((s) => s.tickers))], figures: [], topics: [] },
    matchedAt: to,
  };
  const kind = held.some((d) => d.kind === 'supply') ? 'supply' : held.some((d) => d.kind === 'watchlist') ? 'watchlist' : 'topic';
  return { alert, channel, kind, watched: [...new Set(held.flatMap((d) => d.watched))], digest: content };
}
