/** Applies one feed's poll commit through the ports, one write after another (for engines without transactions). */
import type { FeedCommit, FeedStateStore, SeenStore } from './ports.js';

export async function applyFeedCommit(ports: { seen: SeenStore; feedStates: FeedStateStore }, f: FeedCommit): Promise<void> {
  // Re-marking every id still in the feed keeps it from being pruned while the feed carries it.
  await ports.seen.markSeen(f.feedId, f.seenIds, f.at);
  await ports.seen.prune(f.feedId, f.pruneBefore);
  await ports.feedStates.put(f.state);
}
