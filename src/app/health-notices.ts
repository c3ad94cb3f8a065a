/**
 * Feed health notices in the running bot (decisions in core/feed-health.ts). For each batch of poll results the
 * pipeline asks `plan`: the notices to queue with the batch's alerts (through the same outbox and deliverer, so
 * pacing, retries and idempotency apply), and the feed states to save once they are queued. Queue first, mark
 * after: a crash in between builds the same notice again on the next poll, with the same outbox id, queued once.
 */
import {
  afterStep, healthNotice, healthStep, noticeDeliveries, noticeTargets, recoveryTargets, type HealthNoticeSettings, type NoticeFeed,
} from '../core/feed-health.js';
import type { Clock, FeedState, FeedStateStore, Logger } from '../core/ports.js';
import type { Delivery, Subscription } from '../core/types.js';
import type { FeedPollResult } from '../feeds/poller.js';

/** The config's `poll.healthNotices` as settings: `platform:id` strings become channel references. */
export function healthNoticeSettings(cfg: { enabled: boolean; after: number; channels: readonly string[] }): HealthNoticeSettings {
  const channels = cfg.channels.map((c) => {
    const at = c.indexOf(':');
    return { platform: c.slice(0, at), id: c.slice(at + 1) };
  });
  return { enabled: cfg.enabled, after: cfg.after, channels };
}

export interface HealthNoticesOptions {
  settings: HealthNoticeSettings;
  feedStates: FeedStateStore;
  /** Platforms with an active output: channels elsewhere would hold an outbox entry forever. */
  platforms: ReadonlySet<string>;
  clock: Clock;
  logger: Logger;
}

export interface HealthPlan {
  deliveries: Delivery[];
  /** Saves the feeds' notice marks: call after the deliveries are queued and the batch's feed states committed. */
  mark(): Promise<void>;
}

export interface HealthNotices {
  plan(batch: readonly FeedPollResult[], feeds: ReadonlyMap<string, NoticeFeed>, subs: readonly Subscription[]): HealthPlan;
}

const NOTHING: HealthPlan = { deliveries: [], mark: async () => undefined };

export function createHealthNotices(opts: HealthNoticesOptions): HealthNotices {
  const idle = opts.settings.channels.filter((c) => !opts.platforms.has(c.platform)).map((c) => `${c.platform}:${c.id}`);
  if (opts.settings.enabled && idle.length) {
    opts.logger.warn('poll.healthNotices.channels names channels on platforms with no output in this run; they get no notices', { channels: idle });
  }
  function plan(batch: readonly FeedPollResult[], feeds: ReadonlyMap<string, NoticeFeed>, subs: readonly Subscription[]): HealthPlan {
    if (!opts.settings.enabled) return NOTHING;
    const at = opts.clock.now();
    const deliveries: Delivery[] = [];
    const marks: FeedState[] = [];
    for (const r of batch) {
      const feed = feeds.get(r.feedId);
      if (!r.state || !feed) continue;
      const step = healthStep(r.state, opts.settings.after);
      if (!step) continue;
      const notice = healthNotice(feed, r.state, step, at);
      const current = noticeTargets(feed, subs, opts.settings, opts.platforms);
      const targets = step.kind === 'failing' ? current : recoveryTargets(r.state, current);
      deliveries.push(...noticeDeliveries(notice, targets, at));
      // Marked even with no channel to tell: a channel subscribing later gets the next run's notice, not this one.
      marks.push(afterStep(r.state, step, at, targets));
      opts.logger.info(step.kind === 'failing' ? 'feed health notice: failing' : 'feed health notice: recovered', {
        feed: feed.id, failingSince: step.failingSince, failures: r.state.consecutiveFailures, channels: targets.length,
      });
    }
    if (!marks.length) return NOTHING;
    return { deliveries, mark: async () => { for (const s of marks) await opts.feedStates.put(s); } };
  }
  return { plan };
}
