/**
 * /subscribe and /unsubscribe. A subscription with `want: null` is a channel that keeps its watchlist but posts
 * nothing (route() skips it); /unsubscribe leaves that state so a later /subscribe picks the list up again.
 */
import type { DigestSettings, Subscription, Want } from '../types.js';
import { reply, setupLines, spellOf } from './describe.js';
import type { CommandContext, CommandDeps, Reply } from './types.js';

export async function handleSubscribe(
  want: Want,
  existing: Subscription | undefined,
  ctx: CommandContext,
  deps: CommandDeps,
  digest?: DigestSettings,
): Promise<Reply> {
  // Without digest words the channel keeps its digest; "digest realtime" with no quiet hours clears it.
  const nextDigest = digest ? (digest.mode === 'realtime' && !digest.quiet ? undefined : digest) : existing?.digest;
  const sub: Subscription = {
    channel: ctx.channel,
    want,
    watchlist: existing?.watchlist ?? [],
    origin: 'command',
    updatedAt: deps.clock.now().toISOString(),
    // Subscribing again is how an admin says "access fixed": clearing the failure resumes delivery.
    failing: undefined,
    ...(nextDigest ? { digest: nextDigest } : {}),
    // Subscribing again changes what the channel wants, not how it narrows or who it mentions.
    ...(existing?.filter ? { filter: existing.filter } : {}),
    ...(existing?.mention ? { mention: existing.mention } : {}),
    ...(existing?.threads ? { threads: existing.threads } : {}),
  };
  await deps.subscriptions.put(sub);
  const sameDigest = JSON.stringify(existing?.digest ?? null) === JSON.stringify(nextDigest ?? null);
  const title = !existing?.want ? 'Subscribed' : existing.want === want && sameDigest ? 'Already subscribed' : 'Subscription changed';
  const lines = setupLines(sub, deps);
  if (existing?.failing) lines.push('Posting was paused after a failure; it resumes now.');
  return reply('ok', title, lines);
}

export async function handleUnsubscribe(
  dropWatchlist: boolean,
  existing: Subscription | undefined,
  _ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const spell = spellOf(deps);
  const kept = existing?.watchlist ?? [];
  const plural = (n: number) => `${n} ticker${n === 1 ? '' : 's'}`;

  if (!existing || (!existing.want && !(dropWatchlist && kept.length > 0))) {
    return reply('ok', 'Not subscribed', ['This channel was not subscribed; nothing changed.', ...setupLines(existing, deps).slice(1)]);
  }
  if (dropWatchlist || kept.length === 0) {
    await deps.subscriptions.remove(existing.channel);
    const lines = existing.want ? ['No more alerts will be posted here.'] : [];
    if (kept.length > 0) lines.push(`The watchlist (${plural(kept.length)}) was deleted.`);
    return reply('ok', existing.want ? 'Unsubscribed' : 'Watchlist deleted', lines);
  }
  await deps.subscriptions.put({ ...existing, want: null, failing: undefined, origin: 'command', updatedAt: deps.clock.now().toISOString() });
  return reply('ok', 'Unsubscribed', [
    'No more alerts will be posted here.',
    `The watchlist is kept (${plural(kept.length)}): ${spell('subscribe')} brings alerts back, ${spell('unsubscribe drop-watchlist')} deletes it.`,
  ]);
}
