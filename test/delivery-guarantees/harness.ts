/** Shared pieces of the delivery-guarantee suites: deliveries, a real SQLite outbox, and a drain-until-done loop. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../src/app/logger.js';
import type { ChatAdapter, Clock } from '../../src/core/ports.js';
import type { Alert, Delivery } from '../../src/core/types.js';
import { createDeliverer, type DelivererOptions } from '../../src/delivery/deliverer.js';
import { openStores, type Stores } from '../../src/store/open.js';
import { MemoryAlertLog } from '../fakes/memory-stores.js';

export function alertNo(n: number): Alert {
  return {
    id: `wire|story-${n}`,
    item: { id: `story-${n}`, feedId: 'wire', title: `Lithium supply story ${n}: output cut at plant ${n}`, summary: `Story ${n}.`, link: `https://news.example/${n}` },
    match: { lithiumSupply: true, score: 0.9, why: ['output cut'], tickers: [], figures: [], topics: ['lithium-supply'] },
    matchedAt: '2026-11-26T12:00:00.000Z',
  };
}

/** `count` alerts spread round-robin over `channels`, in match order. */
export function burst(count: number, platform: string, channels: readonly string[]): Delivery[] {
  return Array.from({ length: count }, (_, i) => ({
    alert: alertNo(i + 1),
    channel: { platform, id: channels[i % channels.length]! },
    kind: 'supply' as const,
    watched: [],
  }));
}

export interface Bench {
  stores: Stores;
  dir: string;
  logger: ReturnType<typeof createMemoryLogger>;
  deliverer: ReturnType<typeof createDeliverer>;
  close(): Promise<void>;
}

/** A real deliverer on a real SQLite file, with short backoff so a chaos run finishes in seconds. */
export async function openBench(adapter: ChatAdapter, extra: Partial<DelivererOptions> = {}): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-guarantee-'));
  const stores = await openStores(`sqlite://${join(dir, 'bot.sqlite')}`);
  const logger = createMemoryLogger();
  const clock: Clock = { now: () => new Date() };
  const deliverer = createDeliverer({
    outbox: stores.outbox, subscriptions: stores.subscriptions, alerts: new MemoryAlertLog(), adapters: new Map([[adapter.platform, adapter]]),
    clock, logger, backoffBaseMs: 20, backoffMaxMs: 200, concurrency: 20, maxPerSecond: 1000, ...extra,
  });
  return {
    stores, dir, logger, deliverer,
    close: async () => {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Drains until nothing is pending (or `maxRounds`), pausing between rounds for backoffs to fall due. */
export async function drainUntilEmpty(b: Bench, maxRounds = 400): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    await b.deliverer.drain();
    if ((await b.stores.outbox.list('pending')).length === 0) return round;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`outbox not empty after ${maxRounds} drains`);
}

/** Items of `seen` grouped into runs: [[a,1],[b,2]] counts how often each id appears. */
export function duplicates(ids: readonly string[]): number {
  return ids.length - new Set(ids).size;
}

/** First occurrences of each id, in order (what a reader sees once duplicates are ignored). */
export function firstOccurrences(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
