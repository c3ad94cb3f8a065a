import { describe, expect, it } from 'vitest';
import { route } from '../../src/core/route.js';
import type { Alert, Subscription, Want } from '../../src/core/types.js';

function alert(over: Partial<Alert['match']>): Alert {
  return {
    id: 'a1',
    item: { id: 'i1', feedId: 'f', title: 't', summary: '' },
    match: { lithiumSupply: false, score: 0, why: [], tickers: [], figures: [], topics: [], ...over },
    matchedAt: '2026-01-01T00:00:00Z',
  };
}
function sub(id: string, want: Want | null, watch: string[] = [], platform = 'discord'): Subscription {
  return { channel: { platform, id }, want, watchlist: watch.map((symbol) => ({ symbol })), origin: 'command', updatedAt: '' };
}
const platforms = new Set(['discord', 'slack']);
const listings = (s: string) => (s === 'PLS.AX' ? ['PILBF'] : s === 'PILBF' ? ['PLS.AX'] : []);

describe('route', () => {
  const subs = [
    sub('supply', 'lithium-supply'),
    sub('supply+alb', 'lithium-supply', ['ALB']),
    sub('watch-alb', 'watchlist', ['ALB']),
    sub('watch-pls', 'watchlist', ['PLS.AX']),
    sub('all', 'all'),
    sub('kept-watchlist-only', null, ['ALB']),
    sub('slack-off', 'all', [], 'teams'),
  ];

  it('sends a supply story to supply and all channels, and to watchers of its tickers', () => {
    const d = route(alert({ lithiumSupply: true, tickers: ['ALB'], topics: ['lithium-supply'] }), subs, { platforms, listings });
    expect(d.map((x) => [x.channel.id, x.kind, x.watched])).toEqual([
      ['supply', 'supply', []],
      ['supply+alb', 'supply', ['ALB']],
      ['watch-alb', 'watchlist', ['ALB']],
      ['all', 'supply', []],
    ]);
  });

  it('sends a non-supply ticker story only to its watchers and to all', () => {
    const d = route(alert({ tickers: ['ALB'] }), subs, { platforms, listings });
    expect(d.map((x) => [x.channel.id, x.kind])).toEqual([
      ['supply+alb', 'watchlist'],
      ['watch-alb', 'watchlist'],
      ['all', 'topic'],
    ]);
  });

  it('treats the other listing of a watched company as a hit (PILBF ↔ PLS.AX)', () => {
    const d = route(alert({ tickers: ['PILBF'] }), subs, { platforms, listings });
    expect(d.map((x) => x.channel.id)).toContain('watch-pls');
  });

  it('skips failing channels and platforms without an output', () => {
    const failing = { ...sub('x', 'all'), failing: { since: 'now', reason: '403' } };
    expect(route(alert({ lithiumSupply: true }), [failing, sub('y', 'all', [], 'teams')], { platforms })).toEqual([]);
  });
});
