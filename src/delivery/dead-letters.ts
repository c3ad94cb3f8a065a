/** Counting dead letters per channel, for /status (wired in as CommandDeps' optional `deadLetters`). */
import type { Outbox } from '../core/ports.js';
import type { ChannelRef } from '../core/types.js';

export function deadLetterCounter(outbox: Outbox): (channel: ChannelRef) => Promise<number> {
  return async (channel) =>
    (await outbox.list('dead')).filter((e) => e.delivery.channel.platform === channel.platform && e.delivery.channel.id === channel.id).length;
}
