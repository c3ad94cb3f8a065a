/** A loopback feed for the health notice end-to-end tests: healthy (an empty RSS), failing (HTTP 503), healthy again. */
import type { FeedServer } from '../fakes/feed-server.js';

const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>';

export function switchableFeed(server: FeedServer, path: string): { fail(): Promise<void>; recover(): Promise<void> } {
  let failing = false;
  server.route(path, () => (failing ? { status: 503, body: 'down for maintenance' } : { body: EMPTY }));
  return {
    fail: async () => void (failing = true),
    recover: async () => void (failing = false),
  };
}

/**
 * feeds.yaml for the test: polled every second (node-cron's six-field form), a backoff of 1 ms so every tick
 * fetches, notices after 2 failures; the source carries @everyone, which must never ping.
 */
export function healthFeedsYaml(url: string): string {
  return [
    'poll:',
    '  backoffBaseMs: 1',
    '  backoffMaxMs: 1',
    '  healthNotices: { after: 2 }',
    'feeds:',
    `  - { id: wire, url: "${url}", schedule: "*/1 * * * * *", source: "Wire @everyone" }`,
    '',
  ].join('\n');
}
