/**
 * The bot as `start` runs it, in this process: config from `dir` with the test's platform env on top of a loopback
 * base (port 0, a SQLite file in `root`, private feeds allowed, quotes on a closed port), its output kept in `lines`.
 */
import { join } from 'node:path';
import { startCommand } from '../../src/app/start.js';
import { loadConfig } from '../../src/config/load.js';

export interface InProcessBot {
  config: ReturnType<typeof loadConfig>;
  /** Every line `start` printed, in order. */
  lines: string[];
  /** The HTTP server's URL once `start` reported ready (undefined until then). */
  readonly url: string | undefined;
  /** Ends `start` as a signal would, and waits until it has shut down. */
  stop(): Promise<void>;
}

export function startInProcess(root: string, dir: string, platformEnv: Record<string, string>): InProcessBot {
  const config = loadConfig({
    dir,
    env: {
      ...platformEnv, PORT: '0', LOG_LEVEL: 'error',
      STORE_URL: `sqlite://${join(root, 'bot.sqlite')}`, ALLOW_PRIVATE_FEEDS: 'true', QUOTES_API_URL: 'http://127.0.0.1:9',
    },
  });
  let stop!: () => void;
  let url: string | undefined;
  const lines: string[] = [];
  const done = startCommand(config, {
    until: new Promise<void>((r) => (stop = r)), out: (l) => lines.push(l), offline: false, shutdownDeadlineMs: 5_000,
    onReady: (info) => (url = info.url),
  });
  return {
    config,
    lines,
    get url() {
      return url;
    },
    async stop() {
      stop();
      await done;
    },
  };
}
