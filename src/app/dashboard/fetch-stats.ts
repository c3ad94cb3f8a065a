/**
 * What this process saw of each feed's fetches, for the dashboard's feeds page: last HTTP status, latency, the
 * share answered 304, items in the last body. Kept in memory (the store keeps only the state a poll needs), so it
 * covers the polls since this instance started; the page says so.
 */
export interface FeedFetchStats {
  polls: number;
  notModified: number;
  lastStatus?: number | string | undefined;
  lastLatencyMs?: number | undefined;
  lastItems?: number | undefined;
  itemsSeen: number;
}

export interface FetchStatsRecorder {
  fetched(url: string, r: { ms: number; status: number | string; notModified: boolean }): void;
  parsed(url: string, items: number): void;
  get(url: string): FeedFetchStats | undefined;
}

export function createFetchStats(): FetchStatsRecorder {
  const by = new Map<string, FeedFetchStats>();
  const of = (url: string): FeedFetchStats => {
    let s = by.get(url);
    if (!s) by.set(url, (s = { polls: 0, notModified: 0, itemsSeen: 0 }));
    return s;
  };
  return {
    fetched(url, r) {
      const s = of(url);
      s.polls++;
      if (r.notModified) s.notModified++;
      s.lastStatus = r.status;
      s.lastLatencyMs = Math.round(r.ms);
    },
    parsed(url, items) {
      const s = of(url);
      s.lastItems = items;
      s.itemsSeen += items;
    },
    get: (url) => by.get(url),
  };
}
