/** Pacing helpers for the deliverer: a global sends-per-second cap. */

/** A global sends-per-second cap: each call waits for its slot in a sliding one-second window. */
export function createPacer(perSecond: number, sleep: (ms: number) => Promise<void>, nowMs: () => number): () => Promise<void> {
  const stamps: number[] = [];
  let chain = Promise.resolve();
  const take = async () => {
    for (;;) {
      const t = nowMs();
      while (stamps.length && (stamps[0] ?? 0) <= t - 1000) stamps.shift();
      if (stamps.length < perSecond) {
        stamps.push(t);
        return;
      }
      await sleep((stamps[0] ?? t) + 1000 - t);
    }
  };
  return () => (chain = chain.then(take));
}
