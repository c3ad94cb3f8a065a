/**
 * `outbox [list|retry|drop]`: see and act on deliveries that are pending or gave up (dead letters).
 *
 *   list                               every pending entry with why it waits (last error, next attempt), then dead letters
 *   retry|drop ID…                     those entries, pending or dead
 *   retry|drop --channel PLATFORM:ID   that channel's entries, pending and dead
 *   retry|drop --all                   every dead letter (add --state pending or --state any for pending entries too)
 *   --state pending|dead|any           narrows any of the selections above
 */
import type { Outbox, OutboxEntry, SubscriptionStore } from '../core/ports.js';
import { UserError } from '../core/errors.js';

const chan = (e: OutboxEntry) => `${e.delivery.channel.platform}:${e.delivery.channel.id}`;

/** Why a pending entry has not gone yet: its backoff or retry-after, or an earlier entry of its channel. */
function waitsFor(e: OutboxEntry, ahead: OutboxEntry | undefined, now: Date): string {
  const next = Date.parse(e.nextAttemptAt);
  if (next > now.getTime()) return ` next attempt in ${Math.ceil((next - now.getTime()) / 1000)} s (${e.nextAttemptAt})`;
  if (ahead) return ` waits behind #${ahead.seq} (same channel, kept in order)`;
  return ' due now';
}

function line(e: OutboxEntry, now: Date, ahead?: OutboxEntry): string {
  const err = e.lastError ? ` last error ${e.lastError.code} at ${e.lastError.at}` : '';
  // An attempt with no recorded answer: the next try looks for the message before posting (docs/delivery.md).
  const unsure = e.inFlightSince ? ` unanswered attempt since ${e.inFlightSince}` : '';
  const wait = e.state === 'pending' ? waitsFor(e, ahead, now) : '';
  const why = e.lastError ? `\n        why: ${e.lastError.message.slice(0, 200)}` : '';
  return `${e.state.padEnd(7)} #${e.seq} ${chan(e)} attempts=${e.attempts}${err}${unsure}${wait}${why}\n        ${e.delivery.alert.item.title.slice(0, 120)}\n        id ${e.id}`;
}

interface Selection {
  ids: string[];
  all: boolean;
  channel: string | undefined;
  state: 'pending' | 'dead' | 'any' | undefined;
}

function parseSelection(args: readonly string[]): Selection {
  const sel: Selection = { ids: [], all: false, channel: undefined, state: undefined };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--all') sel.all = true;
    else if (a === '--channel' || a === '--state') {
      const v = args[++i];
      if (!v) throw new UserError('BAD_ARGS', `${a} needs a value`);
      if (a === '--channel') sel.channel = v;
      else if (v === 'pending' || v === 'dead' || v === 'any') sel.state = v;
      else throw new UserError('BAD_ARGS', `--state must be pending, dead or any (got "${v}")`);
    } else sel.ids.push(a);
  }
  return sel;
}

function choose(sel: Selection, pending: OutboxEntry[], dead: OutboxEntry[]): OutboxEntry[] {
  // --all alone means the dead letters, as before: a bare --all never touches the live queue.
  const state = sel.state ?? (sel.all && !sel.channel && sel.ids.length === 0 ? 'dead' : 'any');
  const pool = state === 'pending' ? pending : state === 'dead' ? dead : [...pending, ...dead];
  if (sel.all) return pool;
  if (sel.channel) return pool.filter((e) => chan(e) === sel.channel || e.delivery.channel.id === sel.channel);
  return pool.filter((e) => sel.ids.includes(e.id));
}

export async function outboxCommand(
  stores: { outbox: Outbox; subscriptions: SubscriptionStore },
  args: string[],
  out: (l: string) => void,
  now: Date,
): Promise<number> {
  const { outbox } = stores;
  const [action = 'list', ...rest] = args;
  const pending = await outbox.list('pending');
  const dead = await outbox.list('dead');
  if (action === 'list') {
    out(`pending: ${pending.length}, dead letters: ${dead.length}`);
    const first = new Map<string, OutboxEntry>();
    for (const e of [...pending].sort((a, b) => a.seq - b.seq)) {
      out(line(e, now, first.get(chan(e))));
      if (!first.has(chan(e))) first.set(chan(e), e);
    }
    for (const e of dead) out(line(e, now));
    return 0;
  }
  if (action !== 'retry' && action !== 'drop') {
    throw new UserError('BAD_ARGS', `unknown outbox action "${action}" (list | retry|drop [ID…|--channel PLATFORM:ID|--all] [--state pending|dead|any])`);
  }
  const sel = parseSelection(rest);
  if (!sel.all && !sel.channel && sel.ids.length === 0) throw new UserError('BAD_ARGS', `outbox ${action}: give ids from \`outbox list\`, --channel PLATFORM:ID or --all`);
  const chosen = choose(sel, pending, dead);
  if (chosen.length === 0) throw new UserError('BAD_ARGS', 'no dead letter matches (nor any pending entry); see `outbox list`');
  for (const e of chosen) {
    if (action === 'retry') {
      // Due now, with a fresh give-up clock. inFlightSince is kept: an attempt whose answer was lost is still
      // looked for before it is posted again.
      await outbox.update({ ...e, state: 'pending', nextAttemptAt: now.toISOString(), createdAt: now.toISOString(), attempts: 0 });
      // Retrying says the operator fixed the channel (invited the bot, restored access).
      const sub = await stores.subscriptions.get(e.delivery.channel);
      if (sub?.failing) await stores.subscriptions.put({ ...sub, failing: undefined });
    } else {
      // Dropped entries are kept as done (not deleted) so the same delivery is never queued again.
      await outbox.update({ ...e, state: 'sent', inFlightSince: undefined, lastError: { at: now.toISOString(), code: 'DROPPED', message: 'dropped by operator' } });
    }
  }
  const verb = action === 'retry' ? 'requeued' : 'dropped';
  const nPending = chosen.filter((e) => e.state === 'pending').length;
  out(nPending === 0 ? `${verb} ${chosen.length} dead letter(s)` : `${verb} ${chosen.length} entries (${nPending} pending, ${chosen.length - nPending} dead)`);
  return 0;
}
