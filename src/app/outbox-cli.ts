/** `outbox [list|retry|drop]`: see and act on deliveries that are pending or gave up (dead letters). */
import type { Outbox, OutboxEntry, SubscriptionStore } from '../core/ports.js';
import { UserError } from '../core/errors.js';

function line(e: OutboxEntry): string {
  const ch = `${e.delivery.channel.platform}:${e.delivery.channel.id}`;
  const err = e.lastError ? ` last error ${e.lastError.code} at ${e.lastError.at}` : '';
  // An attempt with no recorded answer: the next try looks for the message before posting (docs/delivery.md).
  const unsure = e.inFlightSince ? ` unanswered attempt since ${e.inFlightSince}` : '';
  return `${e.state.padEnd(7)} #${e.seq} ${ch} attempts=${e.attempts}${err}${unsure}\n        ${e.delivery.alert.item.title.slice(0, 120)}\n        id ${e.id}`;
}

export async function outboxCommand(
  stores: { outbox: Outbox; subscriptions: SubscriptionStore },
  args: string[],
  out: (l: string) => void,
  now: Date,
): Promise<number> {
  const { outbox } = stores;
  const [action = 'list', ...ids] = args;
  if (action === 'list') {
    const pending = await outbox.list('pending');
    const dead = await outbox.list('dead');
    out(`pending: ${pending.length}, dead letters: ${dead.length}`);
    for (const e of [...pending, ...dead]) out(line(e));
    return 0;
  }
  if (action !== 'retry' && action !== 'drop') throw new UserError('BAD_ARGS', `unknown outbox action "${action}" (list | retry [id…|--all] | drop [id…|--all])`);
  const dead = await outbox.list('dead');
  const chosen = ids.includes('--all') ? dead : dead.filter((e) => ids.includes(e.id));
  if (chosen.length === 0) throw new UserError('BAD_ARGS', `no dead letter matches; give ids from \`outbox list\` or --all`);
  for (const e of chosen) {
    if (action === 'retry') {
      await outbox.update({ ...e, state: 'pending', nextAttemptAt: now.toISOString(), createdAt: now.toISOString(), attempts: 0 });
      // Retrying says the operator fixed the channel (invited the bot, restored access).
      const sub = await stores.subscriptions.get(e.delivery.channel);
      if (sub?.failing) await stores.subscriptions.put({ ...sub, failing: undefined });
    } else {
      // Dropped entries are kept as done (not deleted) so the same delivery is never queued again.
      await outbox.update({ ...e, state: 'sent', lastError: { at: now.toISOString(), code: 'DROPPED', message: 'dropped by operator' } });
    }
  }
  out(`${action === 'retry' ? 'requeued' : 'dropped'} ${chosen.length} dead letter(s)`);
  return 0;
}
