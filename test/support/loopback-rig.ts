/**
 * Setup shared by the tests that start a whole bot against the loopback fakes: one fake chat platform (Discord or
 * Slack) and one feed server per file, a temp dir for config and store files, and a config dir holding the
 * shipped config with the test's own feeds.yaml and no subscriptions.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.js';

export interface LoopbackFakes<F> {
  /** The file's temp dir, removed after all its tests. */
  root: string;
  /** Started before the file's first test (read inside a test, not at load time). */
  readonly fake: F;
  readonly feeds: FeedServer;
}

/** Starts `startFake()` and a feed server before the file's tests and closes both (and removes `root`) after. */
export function useLoopbackFakes<F extends { close(): Promise<void> }>(prefix: string, startFake: () => Promise<F>): LoopbackFakes<F> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let fake: F | undefined;
  let feeds: FeedServer | undefined;
  beforeAll(async () => {
    fake = await startFake();
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await fake?.close();
    await feeds?.close();
    rmSync(root, { recursive: true, force: true });
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is started in beforeAll; read it inside a test`);
    return v;
  };
  return {
    root,
    get fake() {
      return started(fake, 'the fake platform');
    },
    get feeds() {
      return started(feeds, 'the feed server');
    },
  };
}

/** `<root>/config`: a copy of the shipped config/ with `feedsYaml` as feeds.yaml and an empty subscriptions.yaml. */
export function writeConfigDir(root: string, feedsYaml: string, from = 'config'): string {
  const dir = join(root, 'config');
  cpSync(from, dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), feedsYaml);
  writeFileSync(join(dir, 'subscriptions.yaml'), 'subscriptions: []\n');
  return dir;
}
