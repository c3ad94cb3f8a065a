/**
 * The PollCommitter for an engine without multi-key transactions across these ports (Redis): the outbox first,
 * then each feed's seen items and state. A crash between the two repeats the feed's items on the next poll, and
 * the outbox drops a delivery it already holds: a repeat that changes nothing, never a loss.
 */
import { applyFeedCommit } from '../core/feed-commit.js';
import type { FeedStateStore, Outbox, PollCommitter, SeenStore } from '../core/ports.js';

export function sequentialCommitter(ports: { outbox: Outbox; seen: SeenStore; feedStates: FeedStateStore }): PollCommitter {
  return {
    async commit(deliveries, at, feeds) {
      const created = deliveries.length ? await ports.outbox.enqueue(deliveries, at) : [];
      for (const f of feeds) await applyFeedCommit(ports, f);
      return created;
    },
  };
}
