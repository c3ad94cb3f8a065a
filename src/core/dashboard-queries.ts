/**
 * What the web dashboard reads beyond the other ports: the alert log paged and filtered, the outbox entries of
 * given alerts in every state (sent ones while the outbox keeps them), one story by id, and the feed failures
 * recorded over time. Read-only; one implementation per engine (src/store/sqlite, src/store/redis).
 */
import type { OutboxEntry, StoredStory } from './ports.js';
import type { Alert, ChannelRef } from './types.js';

export interface AlertFilter {
  /** A canonical symbol among the alert's tickers. */
  ticker?: string | undefined;
  /** A topic id that fired (`lithium-supply`). */
  topic?: string | undefined;
  feed?: string | undefined;
  /** Alerts queued for this channel (an outbox entry exists, in any state). */
  channel?: ChannelRef | undefined;
}

export interface AlertPageQuery extends AlertFilter {
  offset: number;
  limit: number;
}

export interface AlertPage {
  /** Newest first (by the time they were recorded). */
  alerts: Alert[];
  /** True when there is at least one more alert after this page. */
  more: boolean;
}

/** One failed poll of a feed, as recorded when its state was saved. */
export interface FeedFailureEvent {
  feedId: string;
  at: string;
  code: string;
  message: string;
}

/** An alert reduced to what the per-day chart counts. */
export interface AlertTopics {
  matchedAt: string;
  topics: string[];
}

/** A sent delivery reduced to its fetch-to-post latency. */
export interface PostTimes {
  matchedAt: string;
  sentAt: string;
  /** Digests wait on purpose; the chart leaves them out. */
  digest: boolean;
}

export interface DashboardQueries {
  alertPage(q: AlertPageQuery): Promise<AlertPage>;
  alertById(id: string): Promise<Alert | undefined>;
  /** Alerts in the log (within its retention). */
  alertCount(): Promise<number>;
  /** Alerts recorded at or after `since`, newest first, at most `limit`. */
  alertsSince(since: Date, limit: number): Promise<Alert[]>;
  /** The charts' reads, without loading whole alerts: topics of alerts recorded since, newest first. */
  alertTopicsSince(since: Date, limit: number): Promise<AlertTopics[]>;
  /** Deliveries of alerts (not feed health notices) sent since `since` (SQLite: by send time; Redis: of the alerts recorded since), newest first, as long as the outbox keeps them. */
  postsSince(since: Date, limit: number): Promise<PostTimes[]>;
  /** The outbox entries of these alerts, every state, for the channels that were queued. */
  deliveriesOf(alertIds: readonly string[]): Promise<OutboxEntry[]>;
  story(id: string): Promise<StoredStory | undefined>;
  /** Failed polls at or after `since`, oldest first, at most `limit`. */
  feedFailures(since: Date, limit: number): Promise<FeedFailureEvent[]>;
}
