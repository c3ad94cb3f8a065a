/**
 * The pipeline's story stage, between matching and the outbox: each alert joins a story or opens one. A new
 * story goes out as usual; a later report of a story becomes an update of the story's message in each channel
 * (the deliverer edits where it knows the message, else posts); a new development says which story it follows,
 * and so does a second piece from an outlet already in the story (its own alert: the message lists other outlets).
 * The grouper's state is restored from the StoryStore when the app is built and saved after every assignment.
 */
import { describeError } from '../core/errors.js';
import type { Clock, Logger, StoredStory, StoryStore } from '../core/ports.js';
import { createStoryGrouper, DEFAULT_WINDOW_MS, type Story, type StoryGrouper, type StoryGrouperOptions } from '../core/stories.js';
import { storyUpdateView } from '../core/stories/view.js';
import type { Alert, Delivery, StoryRef } from '../core/types.js';

export interface StoriesStageOptions {
  store: StoryStore;
  clock: Clock;
  logger: Logger;
  tickers?: StoryGrouperOptions['tickers'];
  windowMs?: number;
  threshold?: number;
  /**
   * With a store shared by several instances (Redis): reload the stories from it before placing a report when the
   * last load is this old, so a story one instance opened is joined by the others. Absent: load once, at start.
   */
  refreshMs?: number;
}

export interface StoriesStage {
  /**
   * Places `alert` in a story and returns its routed deliveries marked with it. A report already in a story
   * (the same item or link again from another feed) returns none: it would add nothing.
   */
  place(alert: Alert, routed: readonly Delivery[]): Promise<Delivery[]>;
  /** The stage's grouper (tests and the eval read it). */
  readonly grouper: StoryGrouper;
}

const outletOf = (m: { source?: string | undefined; feedId: string }) => (m.source ?? m.feedId).trim().toLowerCase();

/** True when an earlier report of `story` came from the alert's outlet (the report itself is the last member). */
function sameOutlet(story: Story, alert: Alert): boolean {
  const outlet = outletOf(alert.item);
  return story.members.some((m) => m.itemId !== alert.item.id && outletOf(m) === outlet);
}

export async function createStoriesStage(opts: StoriesStageOptions): Promise<StoriesStage> {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  let leads = new Map<string, Alert>();
  let grouper: StoryGrouper;
  let loadedAt = -Infinity;

  /** (Re)builds the grouper from the store: the store is the truth, saved after every assignment. */
  async function load(): Promise<void> {
    let saved: StoredStory[] = [];
    try {
      saved = await opts.store.recent(new Date(opts.clock.now().getTime() - windowMs));
    } catch (e) {
      // Without the saved stories, reports of them post anew instead of editing: worse, but no alert is lost.
      opts.logger.warn('could not read saved stories; grouping starts from what this process sees', { error: describeError(e) });
      if (loadedAt > -Infinity) return;
    }
    leads = new Map(saved.filter((s) => s.lead).map((s) => [s.story.id, s.lead!]));
    grouper = createStoryGrouper({
      windowMs,
      clock: opts.clock,
      stories: saved.map((s) => s.story),
      ...(opts.tickers ? { tickers: opts.tickers } : {}),
      ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
    });
    loadedAt = opts.clock.now().getTime();
  }
  await load();

  /** Leads of stories the grouper has let go (window closed) are dropped: memory stays bounded. */
  function forgetClosed(): void {
    if (leads.size < 1000) return;
    const open = new Set(grouper.snapshot().map((s) => s.id));
    for (const id of leads.keys()) if (!open.has(id)) leads.delete(id);
  }

  function relatedRef(id: string | undefined): StoryRef['relatedTo'] {
    const first = id ? grouper.get(id)?.members[0] : undefined;
    const lead = id ? leads.get(id) : undefined;
    if (!id || (!first && !lead)) return undefined;
    return { id, title: lead?.item.title ?? first?.title ?? '', link: lead?.item.link ?? first?.link };
  }

  async function save(story: Story, lead?: Alert): Promise<void> {
    try {
      await opts.store.put(story, lead);
    } catch (e) {
      // Losing a save costs an edit after a restart (a post instead), never an alert: go on.
      opts.logger.warn('could not save a story; continuing', { story: story.id, error: describeError(e) });
    }
  }

  async function place(alert: Alert, routed: readonly Delivery[]): Promise<Delivery[]> {
    // Instances sharing a store see each other's stories when they reload (at most every refreshMs).
    if (opts.refreshMs !== undefined && opts.clock.now().getTime() - loadedAt >= opts.refreshMs) await load();
    forgetClosed();
    const a = grouper.assign(alert.item, alert.match);
    if (a.isNew) {
      leads.set(a.storyId, alert);
      await save(a.story, alert);
      const story: StoryRef = { id: a.storyId, isUpdate: false, alsoReportedBy: [], relatedTo: relatedRef(a.relatedTo) };
      if (a.relatedTo) opts.logger.info('new development of a story', { story: a.storyId, relatedTo: a.relatedTo, reasons: a.reasons });
      return routed.map((d) => ({ ...d, story }));
    }
    // The grouper's answer for an item (or link) it already holds: the story is unchanged.
    if (a.reasons[0] === 'already in this story') {
      opts.logger.debug('report already in a story; nothing to send', { story: a.storyId, alert: alert.id });
      return [];
    }
    await save(a.story);
    if (sameOutlet(a.story, alert)) {
      // An outlet writing again about its own story is not another outlet's report: its piece goes out as an
      // alert of its own, linked to the story, and the story's message is left as it is.
      const story: StoryRef = { id: `${a.storyId}~${alert.id}`, isUpdate: false, alsoReportedBy: [], relatedTo: relatedRef(a.storyId) };
      opts.logger.info('same outlet again on a story; posted as a follow-up', { story: a.storyId, alert: alert.id });
      return routed.map((d) => ({ ...d, story }));
    }
    const view = storyUpdateView(a.story);
    const lead = leads.get(a.storyId);
    const story: StoryRef = {
      id: a.storyId,
      isUpdate: true,
      lead,
      alsoReportedBy: view.alsoReportedBy.map((o) => ({ source: o.source, link: o.url })),
      figures: a.story.figures,
      relatedTo: relatedRef(a.relatedTo),
    };
    opts.logger.info('report joins a story', { story: a.storyId, alert: alert.id, score: a.score, reports: a.story.members.length });
    return routed.map((d) => ({ ...d, story }));
  }

  return {
    place,
    get grouper() {
      return grouper;
    },
  };
}
