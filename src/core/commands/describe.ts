/**
 * How a channel's setup, a watchlist and a time read in replies. Shared by subscribe, watchlist and status so the
 * same state always reads the same way.
 */
import { describeDigest } from '../digest-schedule.js';
import type { Universe } from '../symbols.js';
import type { Subscription, WatchEntry } from '../types.js';
import type { CommandDeps, Reply } from './types.js';
import { defaultSpell, describeWant, NOT_SUBSCRIBED } from './wording.js';

export const WATCHLIST_CAP = 50;

export function spellOf(deps: CommandDeps): (text: string) => string {
  return deps.spell ?? defaultSpell;
}

/** "ALB (Albemarle)"; entries outside the universe carry their own name. */
export function entryLabel(e: WatchEntry, universe: Universe): string {
  const name = universe.get(e.symbol)?.name ?? e.name;
  return name ? `${e.symbol} (${name})` : e.symbol;
}

export function entriesLabel(entries: readonly WatchEntry[], universe: Universe): string {
  return entries.map((e) => entryLabel(e, universe)).join(', ');
}

/** "2026-11-26 09:30 UTC (3 h ago)": absolute for the record, relative for a glance. */
export function formatTime(iso: string, now: Date): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const abs = `${t.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const mins = Math.floor((now.getTime() - t.getTime()) / 60_000);
  let ago: string;
  if (mins < 0) ago = 'in the future';
  else if (mins < 1) ago = 'just now';
  else if (mins < 60) ago = `${mins} min ago`;
  else if (mins < 48 * 60) ago = `${Math.floor(mins / 60)} h ago`;
  else ago = `${Math.floor(mins / 1440)} days ago`;
  return `${abs} (${ago})`;
}

/** The "Alerts:" value. `want: null` with a watchlist is a kept list that posts nothing; say so in plain words. */
export function alertsValue(sub: Subscription | undefined): string {
  if (sub?.want) return describeWant(sub.want);
  if (sub && sub.watchlist.length > 0) return `${NOT_SUBSCRIBED} (its watchlist is kept, but nothing is posted)`;
  return NOT_SUBSCRIBED;
}

export function watchlistValue(sub: Subscription | undefined, universe: Universe): string {
  const list = sub?.watchlist ?? [];
  return list.length ? `${entriesLabel(list, universe)} \u2014 ${list.length} of ${WATCHLIST_CAP}` : 'empty';
}

/** Sentences that explain a setup which would otherwise surprise: nothing posted, or posting paused. */
export function setupNotes(sub: Subscription | undefined, deps: CommandDeps): string[] {
  const spell = spellOf(deps);
  const notes: string[] = [];
  if (sub?.want === 'watchlist' && sub.watchlist.length === 0) {
    notes.push(`Nothing will be posted until the watchlist has tickers: ${spell('watchlist add ALB')}.`);
  }
  if (sub && !sub.want && sub.watchlist.length > 0) {
    notes.push(`To get alerts for these tickers: ${spell('subscribe watchlist')} (watchlist news only) or ${spell('subscribe')} (supply stories too).`);
  }
  if (sub?.failing) {
    notes.push(
      `Posting here has failed since ${formatTime(sub.failing.since, deps.clock.now())} (${sub.failing.reason}), so alerts are paused. ` +
        `Give the bot access to this channel, then run ${spell('subscribe')} again.`,
    );
  }
  return notes;
}

/** "Alerts: …", "Watchlist: …", the digest when the channel has one, and any notes, as reply lines. */
export function setupLines(sub: Subscription | undefined, deps: CommandDeps): string[] {
  const digest = sub?.digest ? [`Delivery: ${describeDigest(sub.digest)}`] : [];
  return [`Alerts: ${alertsValue(sub)}`, `Watchlist: ${watchlistValue(sub, deps.universe)}`, ...digest, ...setupNotes(sub, deps)];
}

export function reply(status: Reply['status'], title: string, lines: string[], extra: Partial<Reply> = {}): Reply {
  return { status, ephemeral: true, title, lines, fields: [], links: [], ...extra };
}
