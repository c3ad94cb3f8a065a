/**
 * Feed health notices: after `after` consecutive failures of a feed, each target channel is told once (which feed,
 * failing since when, the last error, when the next attempt is); on the first success after that, once more.
 *
 * No storms, by two locks: the feed's state remembers which run of failures was notified (`healthNotice`), so a
 * feed that keeps failing is not notified again (across restarts and instances, since the state is in the store);
 * and a notice's outbox id is made of the feed and the run's start (`failingSince`), so two instances, or one
 * that crashed between queueing and marking, queue the same notice once. Plain data; the app stage applies it.
 */
import type { FeedState } from './ports.js';
import type { Alert, ChannelRef, Delivery, FeedHealthNotice, Subscription } from './types.js';
import { feedPassesSources } from './subscription-filter.js';

export interface HealthNoticeSettings {
  enabled: boolean;
  /** Consecutive failures before the failing notice. */
  after: number;
  /** Admin channels that get every feed's notices; when empty, the channels subscribed to the feed do. */
  channels: readonly ChannelRef[];
}

/** The feed as a notice names it: no URL beyond its host. */
export interface NoticeFeed {
  id: string;
  url: string;
  source?: string | undefined;
  tags?: readonly string[] | undefined;
}

export type HealthStep = { kind: FeedHealthNotice['state']; failingSince: string } | undefined;

/**
 * What a feed's state, as a poll leaves it, calls for: a failing notice (the run has reached `after` failures and
 * was not notified yet), a recovery notice (the feed works and its run was notified), or nothing.
 */
export function healthStep(state: FeedState, after: number): HealthStep {
  if (state.consecutiveFailures > 0) {
    if (state.consecutiveFailures < after || !state.failingSince) return undefined;
    if (state.healthNotice?.failingSince === state.failingSince) return undefined;
    return { kind: 'failing', failingSince: state.failingSince };
  }
  return state.healthNotice ? { kind: 'recovered', failingSince: state.healthNotice.failingSince } : undefined;
}

/** The state to save once the step's notices are queued: the run marked as notified (and to whom), or the mark cleared. */
export function afterStep(state: FeedState, step: NonNullable<HealthStep>, at: Date, told: readonly ChannelRef[]): FeedState {
  return step.kind === 'failing'
    ? { ...state, healthNotice: { failingSince: step.failingSince, sentAt: at.toISOString(), channels: told.map((c) => ({ ...c })) } }
    : { ...state, healthNotice: undefined };
}

/**
 * Who hears of a recovery: the channels told of the failure that are still targets (a channel that subscribed
 * meanwhile was never told it failed; one that left is not told either). A mark without channels: all targets.
 */
export function recoveryTargets(state: FeedState, targets: readonly ChannelRef[]): ChannelRef[] {
  const told = state.healthNotice?.channels;
  if (!told) return [...targets];
  const keys = new Set(told.map((c) => `${c.platform}:${c.id}`));
  return targets.filter((c) => keys.has(`${c.platform}:${c.id}`));
}

/** `host[:port]` of a feed URL: never its path, query or credentials (any of which may carry a token). */
export function feedHost(url: string): string {
  try {
    return new URL(url).host || '(no host)';
  } catch {
    return '(invalid URL)';
  }
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'()]+/gi;

/**
 * An error message fit for a channel: every URL in it cut to scheme and host, the code prefix the poller's
 * description starts with dropped (the notice shows the code apart), one line, at most `max` characters.
 */
export function cleanErrorMessage(message: string, code: string, max = 200): string {
  let out = message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
  out = out.replace(URL_IN_TEXT, (u) => {
    try {
      const p = new URL(u);
      return `${p.protocol}//${p.host}/\u2026`;
    } catch {
      return '(URL)';
    }
  });
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max - 1)}\u2026` : out;
}

/**
 * Whether a subscription gets a feed's alerts, and so its health notices. Routing today decides on what was
 * matched, not on which feed it came from (route.ts): every active subscription can get any feed's stories.
 * A subscription's source filter (feed id, tag or outlet words) narrows it to the feeds it names.
 */
export function feedReaches(sub: Subscription, feed: NoticeFeed): boolean {
  return sub.want !== null && feedPassesSources(sub.filter, feed);
}

/**
 * The channels a feed's notice goes to: the configured admin channels, or else every channel whose subscription
 * could get the feed's alerts and is not paused (route.ts's own rules). Only platforms with an active output.
 */
export function noticeTargets(
  feed: NoticeFeed,
  subs: readonly Subscription[],
  settings: Pick<HealthNoticeSettings, 'channels'>,
  platforms: ReadonlySet<string>,
): ChannelRef[] {
  const picked = settings.channels.length
    ? settings.channels
    : subs.filter((s) => !s.failing && feedReaches(s, feed)).map((s) => s.channel);
  const seen = new Set<string>();
  return picked.filter((c) => platforms.has(c.platform) && !seen.has(`${c.platform}:${c.id}`) && !!seen.add(`${c.platform}:${c.id}`));
}

/** The notice a step makes, from the feed and its state as the poll left it. */
export function healthNotice(feed: NoticeFeed, state: FeedState, step: NonNullable<HealthStep>, at: Date): FeedHealthNotice {
  const err = state.lastError;
  return {
    state: step.kind,
    feedId: feed.id,
    name: feed.source?.trim() || feed.id,
    host: feedHost(feed.url),
    failingSince: step.failingSince,
    failures: step.kind === 'failing' ? state.consecutiveFailures : 0,
    lastError: err ? { code: err.code, message: cleanErrorMessage(err.message, err.code) } : undefined,
    nextAttemptAt: step.kind === 'failing' ? state.nextAttemptAt : undefined,
    recoveredAt: step.kind === 'recovered' ? (state.lastSuccessAt ?? at.toISOString()) : undefined,
  };
}

/** The notice's id: one per feed, run of failures and kind, whoever builds it and however often. */
export const noticeId = (n: Pick<FeedHealthNotice, 'state' | 'feedId' | 'failingSince'>): string =>
  `health|${n.state}|${n.feedId}|${n.failingSince}`;

/** The one-line wording every output can show (the summary alert, and the fallback text of chat messages). */
export function noticeTitle(n: FeedHealthNotice): string {
  return n.state === 'failing' ? `Feed failing: ${n.name} (${n.host})` : `Feed working again: ${n.name} (${n.host})`;
}

export function noticeSummary(n: FeedHealthNotice): string {
  const lines = [`Feed ${n.feedId} at ${n.host}`];
  if (n.state === 'failing') {
    lines.push(`Failing since ${n.failingSince} (${n.failures} failed polls in a row)`);
    if (n.lastError) lines.push(`Last error: ${n.lastError.code}: ${n.lastError.message}`);
    lines.push(n.nextAttemptAt ? `Next attempt not before ${n.nextAttemptAt} (backing off)` : 'Retried on the next poll');
  } else {
    lines.push(`Working again since ${n.recoveredAt ?? '?'} after failing since ${n.failingSince}`);
  }
  return lines.join('\n');
}

/** One delivery per target channel; `alert` is the notice's plain summary (what an output without notice rendering shows). */
export function noticeDeliveries(n: FeedHealthNotice, targets: readonly ChannelRef[], at: Date): Delivery[] {
  const id = noticeId(n);
  const alert: Alert = {
    id,
    item: { id, feedId: n.feedId, title: noticeTitle(n), summary: noticeSummary(n) },
    match: { lithiumSupply: false, score: 0, why: [], tickers: [], figures: [], topics: [] },
    matchedAt: at.toISOString(),
  };
  return targets.map((channel) => ({ alert, channel, kind: 'topic', watched: [], notice: n }));
}
