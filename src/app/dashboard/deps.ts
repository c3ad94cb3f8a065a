/** What the dashboard reads and acts through: the store ports, the real matcher, the command core's deps. */
import type { CommandDeps } from '../../core/commands/types.js';
import type { Clock, Logger } from '../../core/ports.js';
import type { Matcher } from '../../core/types.js';
import type { Stores } from '../../store/open.js';

export interface DashboardFeed {
  id: string;
  url: string;
  source?: string | undefined;
  tags?: readonly string[] | undefined;
  /** Where the feed comes from ('config', 'chat'…), when known. */
  origin?: string | undefined;
  /** Who added a chat-added feed and when ("alice (discord) 2026-12-07"). */
  addedBy?: string | undefined;
  /** Not polled while paused (`/feed pause`, the Pause button, `feeds pause`). */
  paused?: boolean | undefined;
  /** A config feed's pause: by whom and when. */
  pausedBy?: string | undefined;
  pausedAt?: string | undefined;
  /** A stored feed a config/feeds.yaml feed (same id or URL) overrides: listed, not polled. */
  shadowed?: boolean | undefined;
}

export interface DashboardDeps {
  stores: Pick<Stores, 'subscriptions' | 'alerts' | 'feedStates' | 'outbox' | 'dashboard' | 'stories'>;
  matcher: Matcher;
  /** Every feed the bot polls (read on each request, so feeds added at run time show). */
  feeds: () => readonly DashboardFeed[] | Promise<readonly DashboardFeed[]>;
  /** Topic ids for the alert filter (lithium-supply and the configured topics). */
  topics: readonly string[];
  /** The chat command core's dependencies: admin edits go through the same handlers as chat. */
  commandDeps: CommandDeps;
  clock: Clock;
  logger: Logger;
}
