/**
 * Filters and mention conditions on a subscription: each kind alone (keeps and drops), AND across kinds, OR within
 * one, the why line, and routing carrying the filter's words and the mention into the delivery.
 */
import { describe, expect, it } from 'vitest';
import { alertView } from '../../src/core/alert-view.js';
import { PhraseTrie } from '../../src/core/match/phrase-trie.js';
import { buildDoc } from '../../src/core/match/text.js';
import { addAll } from '../../src/core/match/topics.js';
import { route } from '../../src/core/route.js';
import { evaluateFilter, filterIsEmpty, largestMove, mentionApplies } from '../../src/core/subscription-filter.js';
import type { Alert, Figure, MentionSetting, NewsItem, Subscription, SubscriptionFilter } from '../../src/core/types.js';

function alert(opts: { title?: string; summary?: string; item?: Partial<NewsItem>; match?: Partial<Alert['match']> } = {}): Alert {
  return {
    id: 'f:1',
    item: { id: '1', feedId: 'wire', title: opts.title ?? 'Albemarle halts Kemerton lithium hydroxide line', summary: opts.summary ?? '', ...opts.item },
    match: { lithiumSupply: true, score: 0.9, why: ['supply: halt'], tickers: ['ALB'], figures: [], topics: ['lithium-supply'], ...opts.match },
    matchedAt: '2026-12-07T00:00:00Z',
  };
}

const move = (symbol: string, pct: number): Figure => ({ kind: 'move', symbol, pct });
const listings = (s: string) => (s === 'PLS.AX' ? ['PILBF'] : s === 'PILBF' ? ['PLS.AX'] : []);
const passes = (a: Alert, f: SubscriptionFilter) => evaluateFilter(a, f, listings).pass;

describe('evaluateFilter, one kind at a time', () => {
  it('no filter or an empty one keeps everything and says nothing', () => {
    expect(evaluateFilter(alert(), undefined)).toEqual({ pass: true });
    expect(evaluateFilter(alert(), {})).toEqual({ pass: true });
    expect(filterIsEmpty({ tickers: [] })).toBe(true);
    expect(filterIsEmpty({ minMovePct: 5 })).toBe(false);
  });

  it('tickers: a story naming one of them (another listing counts), not one naming none', () => {
    expect(evaluateFilter(alert(), { tickers: ['SQM', 'ALB'] })).toEqual({ pass: true, why: 'filter: ticker ALB' });
    expect(passes(alert(), { tickers: ['SQM'] })).toBe(false);
    expect(passes(alert({ match: { tickers: ['PILBF'] } }), { tickers: ['PLS.AX'] })).toBe(true);
    expect(passes(alert({ match: { tickers: [] } }), { tickers: ['ALB'] })).toBe(false);
  });

  it('move: the largest share-price move, up or down, at least the threshold; other percentages do not count', () => {
    const down = alert({ match: { figures: [move('ALB', 2), move('SQM', -6.5)] } });
    expect(largestMove(down)).toBe(6.5);
    expect(evaluateFilter(down, { minMovePct: 5 })).toEqual({ pass: true, why: 'filter: move \u2265 5%' });
    expect(passes(down, { minMovePct: 6.5 })).toBe(true);
    expect(passes(down, { minMovePct: 7 })).toBe(false);
    const output = alert({ match: { figures: [{ kind: 'change', pct: -40, what: 'output' }] } });
    expect(passes(output, { minMovePct: 5 })).toBe(false);
  });

  it('topics: one of them fired', () => {
    expect(passes(alert(), { topics: ['nickel-supply', 'lithium-supply'] })).toBe(true);
    expect(passes(alert({ match: { topics: [] } }), { topics: ['lithium-supply'] })).toBe(false);
  });

  it('sources: whole words of the outlet name, the feed id or a feed tag, any case', () => {
    const a = alert({ item: { source: 'Thomson Reuters', feedId: 'mining-wire', tags: ['Asia', 'battery'] } });
    expect(evaluateFilter(a, { sources: ['reuters'] })).toEqual({ pass: true, why: 'filter: source reuters' });
    expect(passes(a, { sources: ['mining-wire'] })).toBe(true);
    expect(passes(a, { sources: ['asia'] })).toBe(true);
    expect(passes(a, { sources: ['reut'] })).toBe(false);
    expect(passes(a, { sources: ['bloomberg'] })).toBe(false);
  });

  it('include: a whole-word phrase anywhere in title or summary, a trailing * for any ending', () => {
    const a = alert({ title: 'Miner announces mine closure in Chile', summary: 'Output was suspended on Monday.' });
    expect(evaluateFilter(a, { include: ['mine closure'] })).toEqual({ pass: true, why: 'filter: "mine closure"' });
    expect(passes(a, { include: ['MINE CLOSURE'] })).toBe(true);
    expect(passes(a, { include: ['suspen*'] })).toBe(true);
    expect(passes(a, { include: ['mine clos'] })).toBe(false);
    expect(passes(a, { include: ['closure mine'] })).toBe(false);
    expect(passes(a, { include: ['price target', 'chile'] })).toBe(true);
  });

  it('exclude: no story holding any of the phrases', () => {
    const a = alert({ title: 'Analyst raises Albemarle price target' });
    expect(passes(a, { exclude: ['price target'] })).toBe(false);
    expect(passes(a, { exclude: ['price targets'] })).toBe(true);
    expect(evaluateFilter(alert(), { exclude: ['price target'] })).toEqual({ pass: true, why: 'filter: no excluded phrase' });
  });

  it('phrases are words, never patterns: regex metacharacters match nothing special', () => {
    expect(passes(alert({ title: 'Lithium output falls' }), { include: ['.*'] })).toBe(false);
    expect(passes(alert({ title: 'Lithium output falls' }), { include: ['(a+)+$'] })).toBe(false);
  });
});

describe('evaluateFilter, kinds combined', () => {
  const a = alert({ title: 'Albemarle shares jump after mine closure', match: { figures: [move('ALB', 9)] }, item: { source: 'Reuters' } });

  it('every set kind must pass (AND), and the why line names each', () => {
    expect(evaluateFilter(a, { tickers: ['ALB'], minMovePct: 5, sources: ['reuters'], include: ['mine closure'] })).toEqual({
      pass: true,
      why: 'filter: ticker ALB; move \u2265 5%; source reuters; "mine closure"',
    });
    expect(passes(a, { tickers: ['ALB'], minMovePct: 10 })).toBe(false);
    expect(passes(a, { tickers: ['SQM'], minMovePct: 5 })).toBe(false);
    expect(passes(a, { include: ['mine closure'], exclude: ['shares'] })).toBe(false);
  });
});

describe('mentionApplies', () => {
  const role: MentionSetting = { kind: 'role', id: '123456789012345678' };
  it('always, supply only, or from a move up', () => {
    expect(mentionApplies(alert(), undefined)).toBe(false);
    expect(mentionApplies(alert(), role)).toBe(true);
    expect(mentionApplies(alert({ match: { lithiumSupply: false } }), { ...role, onlySupply: true })).toBe(false);
    expect(mentionApplies(alert(), { ...role, onlySupply: true })).toBe(true);
    expect(mentionApplies(alert({ match: { figures: [move('ALB', -4)] } }), { ...role, minMovePct: 5 })).toBe(false);
    expect(mentionApplies(alert({ match: { figures: [move('ALB', -5)] } }), { ...role, minMovePct: 5 })).toBe(true);
  });
});

describe('route with filters and mentions', () => {
  const sub = (id: string, extra: Partial<Subscription>): Subscription => ({
    channel: { platform: 'discord', id },
    want: 'all',
    watchlist: [],
    origin: 'command',
    updatedAt: '',
    ...extra,
  });
  const platforms = new Set(['discord']);

  it('drops what a filter refuses, keeps the rest with the filter in the why line, and carries the mention only when it applies', () => {
    const a = alert({ match: { figures: [move('ALB', 6)] } });
    const subs = [
      sub('plain', {}),
      sub('big-moves', { filter: { minMovePct: 5 }, mention: { kind: 'role', id: '111111111111111111', minMovePct: 5 } }),
      sub('huge-moves', { filter: { minMovePct: 10 } }),
      sub('ping-on-huge', { mention: { kind: 'role', id: '222222222222222222', minMovePct: 10 } }),
    ];
    const d = route(a, subs, { platforms });
    expect(d.map((x) => x.channel.id)).toEqual(['plain', 'big-moves', 'ping-on-huge']);
    expect(d[0]).not.toHaveProperty('filterWhy');
    expect(d[0]).not.toHaveProperty('mention');
    expect(d[1]).toMatchObject({ filterWhy: 'filter: move \u2265 5%', mention: { kind: 'role', id: '111111111111111111' } });
    expect(d[2]).not.toHaveProperty('mention');
    expect(alertView(d[1]!).why).toBe('supply: halt; filter: move \u2265 5%');
    expect(alertView(d[1]!).mention).toEqual({ kind: 'role', id: '111111111111111111' });
    expect(alertView(d[0]!).why).toBe('supply: halt');
  });

  it('a filter narrows watchlist hits too', () => {
    const watcher = sub('w', { want: 'watchlist', watchlist: [{ symbol: 'ALB' }], filter: { include: ['hydroxide'] } });
    expect(route(alert(), [watcher], { platforms })).toHaveLength(1);
    expect(route(alert({ title: 'Albemarle names a new chief executive' }), [watcher], { platforms })).toEqual([]);
  });
});

describe('PhraseTrie.findFirst', () => {
  it('answers what findAll would list first, wildcards and overlaps included', () => {
    const lists = [['mine closure', 'closure'], ['suspen*', 'lithium mine'], ['price target', 'target'], ['zzz'], ['mine', 'mine closure in chile']];
    const texts = ['Miner announces mine closure in Chile', 'Output suspended at lithium mine', 'Analyst price target raised', 'nothing here'];
    for (const list of lists) {
      const trie = new PhraseTrie<string>();
      addAll(trie, list, (p) => p);
      trie.build();
      for (const t of texts) {
        const toks = buildDoc(t, '').tokens;
        expect(trie.findFirst(toks), `${list.join('|')} in ${t}`).toBe(trie.findAll(toks)[0]?.value);
      }
    }
  });
});
