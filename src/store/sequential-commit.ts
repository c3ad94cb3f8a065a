/**
 * The PollCommitter for an engine without multi-key transactions across these ports (Redis): the outbox first,
 * then each feed's seen items and state. A crash between the two repeats the feed's items on the next poll, and
 * the outbox drops a delivery it already holds: a repeat that changes nothing, never a loss.
 */
import { applyFeedCommit } from '../core/feed-commit.js';
import type { Coordinator, FeedStateStore, Outbox, PollCommitter, SeenStore } from '../core/ports.js';

export function sequentialCommitter(ports: { outbox: Outbox; seen: SeenStore; feedStates: FeedStateStore; coordinator: Coordinator }): PollCommitter {
  return {
    async commit(deliveries, at, feeds) {
      const created = deliveries.length ? await ports.outbox.enqueue(deliveries, at) : [];
      const claimsLost: string[] = [];
      for (const f of feeds) {
        await applyFeedCommit(ports, f);
        if (f.claim && !(await ports.coordinator.completeFeedInterval(f.feedId, f.claim.intervalStartMs, f.claim.holdMs))) claimsLost.push(f.feedId);
      }
      return { created, claimsLost };
    },
  };
}
