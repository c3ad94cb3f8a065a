/** `poll --once`: one poll of every feed, deliver over REST, exit. Non-zero only if the run itself failed. */
import type { Config } from '../config/load.js';
import { secretValues } from '../config/env.js';
import { buildApp } from './build.js';
import { buildChatOutputs } from './chat.js';
import { createLogger } from './logger.js';

export async function pollOnceCommand(config: Config, out: (l: string) => void): Promise<number> {
  const logger = createLogger({ level: config.env.LOG_LEVEL, secrets: secretValues(config.env) });
  const chat = buildChatOutputs(config, logger);
  const app = await buildApp(config, { logger, chatAdapters: chat.adapters });
  try {
    const r = await app.runCycle();
    const failed = r.feeds.filter((f) => f.outcome === 'failed');
    // Pending and dead as the outbox holds them after the run (what `outbox list` shows), not this drain's tally.
    const pending = (await app.stores.outbox.list('pending')).length;
    const dead = (await app.stores.outbox.list('dead')).length;
    out(
      `polled ${r.feeds.length} feeds: ${r.items} new items, ${r.alerts.length} matched, ` +
        `${r.delivery.sent} delivered, ${pending} pending, ${dead} dead, ${failed.length} feeds failed`,
    );
    if (pending) out(`  ${pending} deliveries wait for a later run (see \`lithium-wire outbox list\`)`);
    for (const f of failed) out(`  feed ${f.feedId} failed: ${f.error ?? 'unknown error'}`);
    return 0;
  } finally {
    await app.close();
  }
}
