/** Shared set-up for the quotes tests: a settable clock, the shipped universe, in-memory stores. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadTickers } from '../../src/config/load.js';
import type { CommandContext, CommandDeps, QuoteProvider } from '../../src/core/commands/types.js';
import type { Clock } from '../../src/core/ports.js';
import { Universe } from '../../src/core/symbols.js';
import type { Alert, Figure } from '../../src/core/types.js';
import { QuoteError } from '../../src/quotes/errors.js';
import { MemoryAlertLog, MemoryFeedStates, MemorySubscriptions } from '../fakes/memory-stores.js';
import { startQuotesServer, type FakeQuotesServer, type QuotesServerOptions } from '../fakes/quotes-server.js';

export interface TestClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(iso: string): TestClock {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    set: (s) => {
      t = Date.parse(s);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const universe = new Universe(loadTickers('config'));

export function commandDeps(clock: Clock, quotes?: QuoteProvider) {
  const logger = createMemoryLogger();
  const alerts = new MemoryAlertLog();
  const deps: CommandDeps = {
    subscriptions: new MemorySubscriptions(),
    alerts,
    feedStates: new MemoryFeedStates(),
    universe,
    clock,
    logger,
    quotes,
  };
  return { deps, alerts, logger };
}

export const ctx: CommandContext = {
  channel: { platform: 'discord', id: 'C1', workspace: 'G1' },
  user: { id: 'U1', name: 'trader' },
  canManage: false,
};

let n = 0;
/** An alert as the pipeline records it, naming `tickers` with `figures`. */
export function alert(opts: { title: string; link?: string; published: string; tickers: string[]; figures: Figure[] }): Alert {
  n += 1;
  return {
    id: `feed-${n}`,
    item: { id: `i${n}`, feedId: 'feed', title: opts.title, summary: '', link: opts.link, published: opts.published },
    match: { lithiumSupply: true, score: 0.9, why: ['supply cut'], tickers: opts.tickers, figures: opts.figures, topics: ['lithium-supply'] },
    matchedAt: opts.published,
  };
}

/** One fake quotes server for the calling suite, back in normal mode before each test. */
export function suiteQuotesServer(opts: QuotesServerOptions = {}): () => FakeQuotesServer {
  let server: FakeQuotesServer | undefined;
  beforeAll(async () => {
    server = await startQuotesServer(opts);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server?.setMode('normal');
    server?.setHistoryMode('normal');
  });
  return () => {
    if (!server) throw new Error('quotes server not started');
    return server;
  };
}

/** The QuoteError `p` rejects with (fails the test if it resolves or throws something else). */
export async function failure(p: Promise<unknown>): Promise<QuoteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QuoteError) return e;
    throw e;
  }
  throw new Error('expected a QuoteError');
}
