/**
 * Story grouping: decides whether a matched item reports the same event as a recent story (join it: one alert,
 * edited with "also reported by …") or something new (a new alert), and links a new development at the same
 * company to the story it follows (`relatedTo`). Pure and synchronous; stories are plain JSON for the store.
 *
 * Delivery is expected to use it so: `assign` after match, before routing. `isNew` → post an alert and remember
 * (storyId, channel) → message; otherwise edit that message with `storyUpdateView(assignment.story)` where the
 * platform allows, or post to channels that never saw the story. Persist `assignment.story` (or `snapshot()`)
 * and pass saved stories back in `stories` at start.
 */
import { createHash } from 'node:crypto';
import type { Clock } from './ports.js';
import type { Figure, MatchResult, NewsItem, TickerInfo } from './types.js';
import type { EventType } from './stories/event-type.js';
import { figuresNotIn } from './stories/figures.js';
import { buildSignature, compare, type Comparison, type Signature, type SignatureContext } from './stories/signature.js';

export type { Signature } from './stories/signature.js';
export type { EventType } from './stories/event-type.js';

/** One report in a story: what an "also reported by" line needs, and its signature for later comparisons. */
export interface StoryMember {
  itemId: string;
  feedId: string;
  title: string;
  link?: string | undefined;
  source?: string | undefined;
  /** The time the grouper placed the report at (its `published`, else the clock), ISO-8601. */
  at: string;
  signature: Signature;
}

export interface Story {
  id: string;
  /** Time of the first report, ISO-8601: the window runs from here. */
  firstAt: string;
  /** Time of the latest report, ISO-8601. */
  lastAt: string;
  /** The story this one develops (a second mine shut at the same company), when there is one. */
  relatedTo?: string | undefined;
  /** Reports in the order they joined; members[0] is the item that made the alert. */
  members: StoryMember[];
  /** Every key figure any member stated, each once, in the order first seen. */
  figures: Figure[];
  /** What the story is about, merged over its members: for digests ("3 halts today") and for the store. */
  signature: StorySignature;
}

export interface StorySignature {
  tickers: string[];
  /** Headline event types of the members. */
  eventTypes: EventType[];
  regions: string[];
  sites: string[];
  /** The first report's MinHash. */
  minhash: number[];
}

export interface Assignment {
  storyId: string;
  isNew: boolean;
  /** Similarity to the chosen story (joined) or to the nearest story (new); 0 when there was none. */
  score: number;
  reasons: string[];
  /** Figures this report adds to the story (all of its figures when it starts one). */
  newFigures: Figure[];
  relatedTo?: string | undefined;
  /** The story after this report (a copy): what to store, and what an edited alert shows. */
  story: Story;
}

export interface StoryGrouperOptions {
  /** How long a story stays open to new reports, from its first report. Default 48 h. */
  windowMs?: number;
  /** Score at or above which a report joins a story. */
  threshold?: number;
  /** Score at or above which a report at the same company that does not join is linked as a development. */
  relatedThreshold?: number;
  clock?: Clock;
  /** The universe, so other listings fold together (PILBF → PLS.AX) and company names are not read as places. */
  tickers?: readonly Pick<TickerInfo, 'symbol' | 'name' | 'aliases' | 'listings'>[];
  /** Stories saved from an earlier run (see `snapshot`). */
  stories?: readonly Story[];
}

export interface StoryGrouper {
  assign(item: NewsItem, match: MatchResult): Assignment;
  /** Open stories, copied, for the store. */
  snapshot(): Story[];
  get(storyId: string): Story | undefined;
  /** Drops stories whose window has closed; returns how many. `assign` also prunes. */
  prune(): number;
}

export const DEFAULT_WINDOW_MS = 48 * 60 * 60 * 1000;
export const DEFAULT_THRESHOLD = 0.55;
export const DEFAULT_RELATED_THRESHOLD = 0.3;
// A feed's clock may run a little ahead of ours; beyond this a date is not believed.
const FUTURE_SLACK_MS = 15 * 60 * 1000;
// Bound memory when a busy feed set opens many stories inside one window.
const MAX_OPEN_STORIES = 5000;

export function signatureContext(tickers: StoryGrouperOptions['tickers'] = []): SignatureContext {
  const to = new Map<string, string>();
  const companyWords = new Set<string>();
  for (const t of tickers) {
    const primary = to.get(t.symbol) ?? t.symbol;
    for (const l of [t.symbol, ...(t.listings ?? [])]) {
      if (!to.has(l)) to.set(l, primary);
      companyWords.add((l.split('.')[0] ?? l).toLowerCase());
    }
    for (const n of [t.name, ...t.aliases]) {
      for (const w of n.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/)) {
        if (w.length > 2) companyWords.add(w);
      }
    }
  }
  return { canonical: (s) => to.get(s) ?? s, companyWords };
}

function storyId(item: NewsItem, at: number): string {
  return `st-${createHash('sha1').update(`${item.feedId}\u0000${item.id}\u0000${at}`).digest('hex').slice(0, 16)}`;
}

interface Best {
  story: Story;
  cmp: Comparison;
}

export function createStoryGrouper(opts: StoryGrouperOptions = {}): StoryGrouper {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const relatedThreshold = opts.relatedThreshold ?? DEFAULT_RELATED_THRESHOLD;
  const clock = opts.clock ?? { now: () => new Date() };
  const ctx = signatureContext(opts.tickers);
  const stories = new Map<string, Story>();
  for (const s of opts.stories ?? []) stories.set(s.id, structuredClone(s));

  const timeOf = (item: NewsItem, now: number): number => {
    const t = item.published ? Date.parse(item.published) : Number.NaN;
    return Number.isFinite(t) && t <= now + FUTURE_SLACK_MS ? t : now;
  };

  function prune(): number {
    const now = clock.now().getTime();
    let n = 0;
    for (const [id, s] of stories) {
      if (now - Date.parse(s.firstAt) > windowMs) {
        stories.delete(id);
        n++;
      }
    }
    return n;
  }

  function evict(): void {
    if (stories.size < MAX_OPEN_STORIES) return;
    const oldest = [...stories.values()].sort((a, b) => Date.parse(a.lastAt) - Date.parse(b.lastAt))[0];
    if (oldest) stories.delete(oldest.id);
  }

  /** Each open story's closest member to `sig`, best first. */
  function candidates(sig: Signature, at: number): Best[] {
    const out: Best[] = [];
    for (const story of stories.values()) {
      if (Math.abs(at - Date.parse(story.firstAt)) > windowMs) continue;
      let best: Comparison | undefined;
      for (const m of comparedMembers(story)) {
        const cmp = compare(m.signature, sig);
        if (!best || cmp.score > best.score) best = cmp;
      }
      if (best) out.push({ story, cmp: best });
    }
    return out.sort((a, b) => b.cmp.score - a.cmp.score);
  }

  function member(item: NewsItem, at: number, signature: Signature): StoryMember {
    return { itemId: item.id, feedId: item.feedId, title: item.title, link: item.link, source: item.source, at: new Date(at).toISOString(), signature };
  }

  function assign(item: NewsItem, match: MatchResult): Assignment {
    prune();
    const now = clock.now().getTime();
    const at = timeOf(item, now);

    for (const s of stories.values()) {
      const dup = s.members.find((m) => m.itemId === item.id || (item.link !== undefined && m.link === item.link));
      if (dup) return { storyId: s.id, isNew: false, score: 1, reasons: ['already in this story'], newFigures: [], relatedTo: s.relatedTo, story: structuredClone(s) };
    }

    const sig = buildSignature(item, match, ctx);
    const ranked = candidates(sig, at);
    const joined = ranked.find((c) => c.cmp.score >= threshold && !newDevelopment(c.cmp));
    if (joined) {
      const { story, cmp } = joined;
      const newFigures = figuresNotIn(match.figures, story.figures);
      story.members.push(member(item, at, sig));
      story.figures.push(...newFigures);
      story.signature = merge(story.signature, sig);
      if (at > Date.parse(story.lastAt)) story.lastAt = new Date(at).toISOString();
      return { storyId: story.id, isNew: false, score: round(cmp.score), reasons: cmp.reasons, newFigures, relatedTo: story.relatedTo, story: structuredClone(story) };
    }

    const best = ranked[0];
    const development = best ? newDevelopment(best.cmp) : undefined;
    // Related: a company or a site ties the two, and it is a development, or the same (or kin) act close enough
    // to follow on. A new chief executive is not a development of an expansion at the same company.
    const tied = best && ((best.cmp.companies ?? 0) > 0 || (best.cmp.sites ?? 0) > 0);
    const follows = best && best.cmp.type >= 0.5 && best.cmp.score >= relatedThreshold;
    const related = best && tied && (development || follows) ? best.story.id : undefined;
    const reasons = best ? [...(development && related ? [`new development: ${development}`] : []), ...best.cmp.reasons] : ['no open story'];
    evict();
    const iso = new Date(at).toISOString();
    const story: Story = { id: storyId(item, at), firstAt: iso, lastAt: iso, relatedTo: related, members: [member(item, at, sig)], figures: figuresNotIn(match.figures, []),
      signature: merge(undefined, sig) };
    stories.set(story.id, story);
    return { storyId: story.id, isNew: true, score: best ? round(best.cmp.score) : 0, reasons, newFigures: [...story.figures], relatedTo: related, story: structuredClone(story) };
  }

  /**
   * Why a report close to a story is still not the same event: the opposite act (a restart after a halt), a
   * figure that contradicts the story (another price, a bigger cut), or the same act at the same company at a
   * different site.
   */
  function newDevelopment(cmp: Comparison): string | undefined {
    if (cmp.type === -1) return 'the opposite act';
    if (cmp.type < 0.5 || cmp.companies === 0) return undefined;
    if (cmp.conflict) return `a figure that differs (${describe(cmp.conflict)})`;
    if (cmp.type === 1 && cmp.companies !== undefined && cmp.sites === 0) return 'a different site';
    return undefined;
  }

  return {
    assign,
    prune,
    snapshot: () => [...stories.values()].map((s) => structuredClone(s)),
    get: (id) => {
      const s = stories.get(id);
      return s ? structuredClone(s) : undefined;
    },
  };
}

const union = <T extends string>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])].sort();

function merge(s: StorySignature | undefined, m: Signature): StorySignature {
  if (!s) return { tickers: m.tickers, eventTypes: [...m.types.primary].sort(), regions: m.places.regions, sites: m.places.sites, minhash: m.minhash };
  return {
    tickers: union(s.tickers, m.tickers),
    eventTypes: union(s.eventTypes, m.types.primary),
    regions: union(s.regions, m.places.regions),
    sites: union(s.sites, m.places.sites),
    minhash: s.minhash,
  };
}

// A story with many reports is compared through its first few and latest few: enough to cover how it is worded,
// and the cost of one report stays bounded however big a story grows.
const COMPARE_FIRST = 4;
const COMPARE_LAST = 8;
function comparedMembers(story: Story): StoryMember[] {
  const m = story.members;
  return m.length <= COMPARE_FIRST + COMPARE_LAST ? m : [...m.slice(0, COMPARE_FIRST), ...m.slice(-COMPARE_LAST)];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function describe(f: Figure): string {
  switch (f.kind) {
    case 'move':
      return `${f.symbol} ${f.pct > 0 ? '+' : ''}${f.pct}%`;
    case 'change':
      return `${f.what} ${f.pct}%`;
    case 'quantity':
      return `${f.what} ${f.value} t${f.per ? `/${f.per}` : ''}`;
    case 'money':
      return `${f.what} ${f.currency} ${f.value}`;
    case 'price':
      return `${f.what} ${f.currency} ${f.value}${f.per ? `/${f.per}` : ''}`;
  }
}
