/** /status and /help: lookups open to everyone, answered only to the asker. */
import { describeDigest } from '../digest-schedule.js';
import { pausedFeedIds } from '../feed-registry.js';
import type { FeedState } from '../ports.js';
import type { Subscription } from '../types.js';
import { alertsValue, formatTime, reply, setupNotes, spellOf, watchlistValue } from './describe.js';
import type { CommandContext, CommandDeps, Reply } from './types.js';
import { DEFAULT_POLICY, TEXT_HELP } from './catalogue.js';
import { filterValue, mentionRefs, mentionValue } from './filters.js';
import { describeThreads } from './threads.js';

const MAX_FAILING_SHOWN = 10;

function isFailing(s: FeedState): boolean {
  return s.consecutiveFailures > 0;
}

/** "3 healthy, 1 failing, 1 paused" plus one line per failing feed, oldest failure first. A paused feed is not failing. */
function feedHealth(all: readonly FeedState[], paused: ReadonlySet<string>, now: Date): { summary: string; lines: string[] } {
  const states = all.filter((s) => !paused.has(s.feedId));
  const pausedNote = paused.size ? `, ${paused.size} paused` : '';
  if (states.length === 0) return { summary: `no feed polled yet${pausedNote}`, lines: [] };
  const failing = states
    .filter(isFailing)
    .map((s) => ({ s, since: s.failingSince ?? s.lastError?.at ?? s.lastPollAt ?? '' }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.s.feedId.localeCompare(b.s.feedId));
  const healthy = states.length - failing.length;
  const summary = (failing.length === 0 ? `all ${healthy} healthy` : `${healthy} healthy, ${failing.length} failing`) + pausedNote;
  const lines = failing.slice(0, MAX_FAILING_SHOWN).map(({ s, since }) => {
    const runs = `${s.consecutiveFailures} failure${s.consecutiveFailures === 1 ? '' : 's'} in a row`;
    // The error code only: messages can carry URLs with keys in them.
    const code = s.lastError ? `, last error ${s.lastError.code}` : '';
    return `Feed ${s.feedId}: failing since ${since ? formatTime(since, now) : 'an unknown time'}, ${runs}${code}`;
  });
  if (failing.length > MAX_FAILING_SHOWN) lines.push(`…and ${failing.length - MAX_FAILING_SHOWN} more failing feeds`);
  return { summary, lines };
}

export async function handleStatus(existing: Subscription | undefined, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  const now = deps.clock.now();
  const [states, last, paused] = await Promise.all([
    deps.feedStates.list(), deps.alerts.lastDeliveredAt(ctx.channel), deps.feeds ? pausedFeedIds(deps.feeds.registry, deps.feeds.configured) : new Set<string>(),
  ]);
  const health = feedHealth(states, paused, now);
  const fields = [
    { label: 'Alerts', value: alertsValue(existing) },
    { label: 'Watchlist', value: watchlistValue(existing, deps.universe) },
    { label: 'Feeds', value: health.summary },
    { label: 'Last alert here', value: last ? formatTime(last, now) : 'none yet' },
  ];
  if (existing?.digest) fields.splice(1, 0, { label: 'Delivery', value: describeDigest(existing.digest) });
  if (existing?.filter) fields.splice(1, 0, { label: 'Filters', value: filterValue(existing.filter) });
  if (existing?.mention) fields.splice(1, 0, { label: 'Mention', value: mentionValue(existing.mention) });
  if (existing?.want && existing.threads?.mode === 'on') fields.splice(1, 0, { label: 'Story updates', value: describeThreads(existing.threads) });
  if (existing?.failing) {
    fields.splice(1, 0, { label: 'Posting', value: `failing since ${formatTime(existing.failing.since, now)}: ${existing.failing.reason}` });
  }
  const dead = await deps.deadLetters?.(ctx.channel);
  if (dead !== undefined) {
    fields.push({ label: 'Dead letters', value: dead === 0 ? '0' : `${dead} (alerts not delivered here; an operator can resend them: lithium-wire outbox retry)` });
  }
  if (existing?.origin === 'config') fields.push({ label: 'Set by', value: 'the bot\u2019s configuration file' });
  return reply('ok', 'Status of this channel', [...setupNotes(existing, deps), ...health.lines], { fields, ...mentionRefs(existing?.mention) });
}

/** The platform's help lines and policy, or the text form (catalogue.ts) as this platform spells it. */
export function handleHelp(deps: CommandDeps): Reply {
  const spell = spellOf(deps);
  const lines = deps.help?.lines ?? TEXT_HELP.map((e) => `${spell(e.usage)}: ${e.summary}`);
  return reply('ok', 'lithium-wire commands', [...lines, deps.help?.policy ?? DEFAULT_POLICY]);
}
