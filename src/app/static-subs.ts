/**
 * Subscriptions kept in config/subscriptions.yaml (for people who keep config in git) are copied into the
 * store at start. Config owns those channels: a config entry replaces the stored one, a channel removed from
 * the file stops receiving alerts. A failing mark is kept, so a broken channel is not hammered again.
 */
import type { SubscriptionStore } from '../core/ports.js';
import type { Universe } from '../core/symbols.js';
import type { Subscription, Want, WatchEntry } from '../core/types.js';
import type { StaticSubscription } from '../config/schema.js';
import { ConfigError } from '../config/load.js';

export function resolveStatic(subs: readonly StaticSubscription[], universe: Universe, file: string, at: Date): Subscription[] {
  return subs.map((s, i) => {
    const watchlist: WatchEntry[] = s.watchlist.map((w, j) => {
      const raw = typeof w === 'string' ? { symbol: w } : w;
      const hit = universe.resolve(raw.symbol);
      if (hit) return { symbol: hit.symbol };
      if (raw.name) return { symbol: raw.symbol.toUpperCase(), name: raw.name };
      const hint = universe.suggest(raw.symbol);
      throw new ConfigError(
        `${file}: subscriptions.${i}.watchlist.${j}: unknown symbol ${raw.symbol}` +
          (hint.length ? ` (did you mean ${hint.join(', ')}?)` : '') + '; give {symbol, name} to track a company outside the universe',
      );
    });
    return {
      channel: { platform: s.platform, id: s.channel, workspace: s.workspace },
      want: s.want as Want,
      watchlist,
      origin: 'config' as const,
      updatedAt: at.toISOString(),
      ...(s.threads === true || s.threads === 'on' ? { threads: { mode: 'on' as const } } : {}),
      ...(s.threads === 'broadcast' ? { threads: { mode: 'on' as const, broadcast: true } } : {}),
    };
  });
}

export async function syncStaticSubscriptions(store: SubscriptionStore, wanted: readonly Subscription[]): Promise<void> {
  const key = (s: Subscription) => `${s.channel.platform}:${s.channel.id}`;
  const wantedKeys = new Set(wanted.map(key));
  for (const old of await store.list()) {
    if (old.origin === 'config' && !wantedKeys.has(key(old))) await store.remove(old.channel);
  }
  for (const s of wanted) {
    const prev = await store.get(s.channel);
    await store.put({ ...s, failing: prev?.failing });
  }
}
