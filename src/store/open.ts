/**
 * Opens every store port on the engine STORE_URL names: sqlite://path (embedded default) or redis://host:port.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Keyv } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis from '@keyv/redis';
import { WireError } from '../core/errors.js';
import type { AlertLog, FeedStateStore, Outbox, SeenStore, SubscriptionStore } from '../core/ports.js';
import { KeyedMutex } from './mutex.js';
import { KeyvAlertLog, KeyvFeedStates, KeyvOutbox, KeyvSeen, KeyvSubscriptions } from './keyv-stores.js';

export interface Stores {
  readonly engine: 'sqlite' | 'redis';
  /** Where the data lives, without credentials (safe to print). */
  readonly location: string;
  subscriptions: SubscriptionStore;
  seen: SeenStore;
  feedStates: FeedStateStore;
  alerts: AlertLog;
  outbox: Outbox;
  close(): Promise<void>;
}

function safeLocation(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export async function openStores(storeUrl: string): Promise<Stores> {
  let store: KeyvSqlite | KeyvRedis<unknown>;
  let engine: Stores['engine'];
  let location: string;
  if (storeUrl.startsWith('sqlite://')) {
    const file = storeUrl.slice('sqlite://'.length);
    if (!file) throw new WireError('STORE_URL_INVALID', 'STORE_URL sqlite:// needs a file path, e.g. sqlite://./data/lithium-wire.sqlite');
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    // busyTimeout: the `outbox` CLI may write while `start` runs.
    store = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
    engine = 'sqlite';
    location = `sqlite://${file}`;
  } else if (/^rediss?:\/\//.test(storeUrl)) {
    let url: URL;
    try {
      url = new URL(storeUrl);
    } catch (cause) {
      throw new WireError('STORE_URL_INVALID', 'STORE_URL is not a valid redis:// URL', { cause });
    }
    store = new KeyvRedis(storeUrl, { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 5000 });
    engine = 'redis';
    location = safeLocation(url);
  } else {
    throw new WireError('STORE_URL_INVALID', 'STORE_URL must start with sqlite:// or redis://');
  }
  const kv = new Keyv({ store, namespace: 'lw', throwOnErrors: true });
  try {
    await kv.get('ping');
  } catch (cause) {
    throw new WireError('STORE_UNAVAILABLE', `cannot open the store at ${location}`, { cause });
  }
  const lock = new KeyedMutex();
  return {
    engine,
    location,
    subscriptions: new KeyvSubscriptions(kv, lock),
    seen: new KeyvSeen(kv, lock),
    feedStates: new KeyvFeedStates(kv, lock),
    alerts: new KeyvAlertLog(kv, lock),
    outbox: new KeyvOutbox(kv, lock),
    close: async () => {
      await kv.disconnect();
    },
  };
}
