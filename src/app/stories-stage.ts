/**
 * The pipeline's story stage, between matching and the outbox: each alert joins a story or opens one. A new
 * story goes out as usual; a later report of a story becomes an update of the story's message in each channel
 * (the deliverer edits where it knows the message, else posts); a new development says which story it follows,
 * and so does a second piece from an outlet already in the story (its own alert: the message lists other outlets).
 * The grouper's state is restored from the StoryStore when the app is built and saved after every assignment.
 * With a store shared by several instances, each placement holds the store's placement claim around "re-read what
 * changed → assign → save": two instances seeing one event at once would otherwise both open a story.
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
   * Set when the store is shared by several instances (Redis): placements then take the store's placement claim
   * and re-read the stories whenever another instance saved one, and in any case when the last load is this old
   * (a store that lost its data may restart its change count). Absent: one instance, loaded once, at start.
   */
  refreshMs?: number;
  /** How long a placement waits for other instances' before going ahead without the claim. Default 2 s. */
  claimWaitMs?: number;
}

/** The refresh the app uses on a shared store. */
export const SHARED_REFRESH_MS = 10_000;
const DEFAULT_CLAIM_WAIT_MS = 2_000;

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

type Claim = Awaited<ReturnType<StoryStore['claimPlacement']>>;

/**
 * The store bounds its own waiting, but a single slow command is not bounded by it: past the wait (and a little
 * slack) the placement goes on, and a claim granted after that is given back at once.
 */
async function claimWithin(store: StoryStore, waitMs: number): Promise<Claim> {
  const pending = store.claimPlacement(waitMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((r) => { timer = setTimeout(() => r('late'), waitMs + 250); });
  try {
    const first = await Promise.race([pending, late]);
    if (first !== 'late') return first;
    void pending.then((c) => c?.release()).catch(() => undefined);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

export async function createStoriesStage(opts: StoriesStageOptions): Promise<StoriesStage> {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  let leads = new Map<string, Alert>();
  let grouper: StoryGrouper;
  let loadedAt = -Infinity;
  // The store's put count the grouper reflects; undefined when unknown (then the next claimed placement re-reads).
  let knownVersion: number | undefined;

  /** (Re)builds the grouper from the store: the store is the truth, saved after every assignment. */
  async function load(): Promise<boolean> {
    let saved: StoredStory[] = [];
    try {
      saved = await opts.store.recent(new Date(opts.clock.now().getTime() - windowMs));
    } catch (e) {
      // Without the saved stories, reports of them post anew instead of editing: worse, but no alert is lost.
      opts.logger.warn('could not read saved stories; grouping starts from what this process sees', { error: describeError(e) });
      if (loadedAt > -Infinity) return false;
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
    return true;
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
      // Our own put moves the count by one: anything more at the next claim is another instance's.
      if (knownVersion !== undefined) knownVersion++;
    } catch (e) {
      // The put may have landed or not: re-read next time rather than guess.
      knownVersion = undefined;
      // Losing a save costs an edit after a restart (a post instead), never an alert: go on.
      opts.logger.warn('could not save a story; continuing', { story: story.id, error: describeError(e) });
    }
  }

  const stale = (refreshMs: number) => opts.clock.now().getTime() - loadedAt >= refreshMs;

  /** On a shared store: assign under the placement claim, after re-reading what other instances saved. */
  async function placeShared(refreshMs: number, alert: Alert, routed: readonly Delivery[]): Promise<Delivery[]> {
    const waitMs = opts.claimWaitMs ?? DEFAULT_CLAIM_WAIT_MS;
    let claim: Claim;
    let error: unknown;
    try {
      claim = await claimWithin(opts.store, waitMs);
    } catch (e) {
      error = e;
    }
    if (!claim) {
      // A slow or unreachable store must not hold alerts back: place alone, at the cost of a possible duplicate.
      opts.logger.warn('could not claim story placement in time; placing without it', {
        alert: alert.id, waitMs, ...(error === undefined ? {} : { error: describeError(error) }),
      });
      knownVersion = undefined;
      if (stale(refreshMs)) await load();
      return assign(alert, routed);
    }
    try {
      if (claim.version !== knownVersion || stale(refreshMs)) knownVersion = (await load()) ? claim.version : undefined;
      return await assign(alert, routed);
    } finally {
      await claim.release().catch((e: unknown) => {
        // The claim expires by itself; until then other instances wait (bounded) or place without it.
        opts.logger.warn('could not release the story placement claim', { error: describeError(e) });
      });
    }
  }

  // One placement at a time in this process too: they would otherwise contend for the claim with each other.
  let queue: Promise<unknown> = Promise.resolve();
  function place(alert: Alert, routed: readonly Delivery[]): Promise<Delivery[]> {
    const refreshMs = opts.refreshMs;
    if (refreshMs === undefined) return assign(alert, routed);
    const next = queue.then(() => placeShared(refreshMs, alert, routed));
    queue = next.catch(() => undefined);
    return next;
  }

  async function assign(alert: Alert, routed: readonly Delivery[]): Promise<Delivery[]> {
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
