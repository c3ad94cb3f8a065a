import { describe, expect, it } from 'vitest';
import { eventTypes, typeAgreement } from '../../src/core/stories/event-type.js';
import { conflictingFigure, figuresNotIn, sameFigure } from '../../src/core/stories/figures.js';
import { contentWords, minhash, minhashSimilarity, shingles } from '../../src/core/stories/minhash.js';
import { findPlaces } from '../../src/core/stories/places.js';
import type { Figure } from '../../src/core/types.js';

describe('event types', () => {
  it('reads the act from the headline, with the body as fallback', () => {
    expect(eventTypes('Norvik to mothball Tallow Creek mine', 'Shares fell 9%.').primary).toEqual(['halt']);
    expect(eventTypes('Quebec approves Kestrel Ridge mine permit', '').primary).toEqual(['permit']);
    expect(eventTypes('Norvik shares jump', 'Norvik Lithium restarted its concentrator after repairs.').primary).toEqual(['restart']);
    expect(eventTypes('Lithium futures jump 7% on supply worries', '').primary).toEqual(['price']);
    expect(eventTypes('Brolga names new chair', '').primary).toEqual(['management']);
    expect(eventTypes('Norvik Lithium to join the ASX 200 index', '').primary).toEqual(['index']);
    expect(eventTypes('Broker initiates Norvik at Buy with A$3 price target', '').primary).toEqual(['rating']);
    expect(eventTypes('Lithium stocks rally', 'Nothing else happened.').primary).toEqual([]);
  });

  it('reads the matcher cue "start/output" from why', () => {
    expect(eventTypes('Norvik update', 'A short note.', ['supply: start/output + spodumene']).primary).toEqual(['start']);
  });

  it('scores agreement: same, kin, unknown, mentioned, different, opposite', () => {
    const t = (title: string, summary = '') => eventTypes(title, summary);
    expect(typeAgreement(t('Norvik halts mine'), t('Norvik suspends mine'))).toBe(1);
    expect(typeAgreement(t('Norvik begins production at mine'), t('Norvik restarts mine'))).toBe(0.5);
    expect(typeAgreement(t('Norvik halts mine'), t('Norvik shares up'))).toBe(0.25);
    expect(typeAgreement(t('Norvik halts mine'), t('Norvik posts quarterly loss', 'It will halt the mine.'))).toBe(0);
    expect(typeAgreement(t('Norvik halts mine'), t('Norvik posts quarterly loss'))).toBe(-0.5);
    expect(typeAgreement(t('Norvik halts mine'), t('Norvik restarts mine'))).toBe(-1);
  });
});

describe('places', () => {
  it('finds site names before a site noun, after Mt/Salar de, and regions from the gazetteer', () => {
    const p = findPlaces("Norvik's Tallow Creek spodumene mine halted", 'The Mt Ferrous operation and Salar de Las Nubes in Catamarca, Argentina are unaffected.', new Set(['norvik']));
    expect(p.sites).toEqual(['creek', 'ferrous', 'nubes', 'tallow']);
    expect(p.regions).toEqual(['ar', 'ar-catamarca']);
  });

  it('does not take company names, tickers or qualifiers for sites', () => {
    const p = findPlaces('$NVK Norvik plant is live', "The US-traded NVK line rose; Norvik-owned Dune Flat Project ships.", new Set(['nvk', 'norvik']));
    expect(p.sites).toEqual(['dune', 'flat']);
  });
});

describe('minhash', () => {
  it('normalises words: folded, stop words out, suffixes stripped, thousands separators joined', () => {
    expect(contentWords('Norvik suspends the Tallow mine, removing 6,000 tonnes')).toEqual(['norvik', 'suspend', 'tallow', 'mine', 'remov', '6000', 'tonn']);
  });

  it('estimates Jaccard: identical sets 1, disjoint 0, half-overlap near 1/3', () => {
    const a = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const b = new Set(['e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']);
    expect(minhashSimilarity(minhash(a), minhash(a))).toBe(1);
    expect(minhashSimilarity(minhash(a), minhash(new Set(['x', 'y'])))).toBe(0);
    expect(Math.abs(minhashSimilarity(minhash(a), minhash(b)) - 1 / 3)).toBeLessThan(0.12);
    expect(minhashSimilarity(minhash(new Set()), minhash(new Set()))).toBe(0);
    expect([...shingles(['x', 'y', 'z'])]).toEqual(['x', 'y', 'z', 'x y', 'y z']);
  });
});

describe('figures', () => {
  const q = (value: number, what = 'supply reduction'): Figure => ({ kind: 'quantity', value, unit: 't', per: 'month', what });
  it('treats rounding as the same figure and other units or symbols as different', () => {
    expect(sameFigure(q(6000), q(6050))).toBe(true);
    expect(sameFigure(q(6000), q(6400))).toBe(false);
    expect(sameFigure(q(180000), q(181000))).toBe(true);
    expect(sameFigure(q(74500), q(73800))).toBe(false);
    expect(sameFigure(q(18501), q(18000))).toBe(false);
    expect(sameFigure({ kind: 'move', symbol: 'PILBF', pct: 19.1 }, { kind: 'move', symbol: 'PLS.AX', pct: 19.1 })).toBe(true);
    expect(sameFigure({ kind: 'money', value: 5, currency: 'AUD', what: '' }, { kind: 'money', value: 5, currency: 'USD', what: '' })).toBe(false);
  });

  it('lists only figures not already known, once each', () => {
    expect(figuresNotIn([q(6000), q(9000), q(9000)], [q(6000)])).toEqual([q(9000)]);
  });

  it('flags a contradiction: same quantity described alike with another value, or a move of the other sign', () => {
    expect(conflictingFigure([q(10000)], [q(6000)])).toEqual(q(10000));
    expect(conflictingFigure([q(10000, 'capacity')], [q(6000)])).toBeUndefined();
    expect(conflictingFigure([q(6000), q(10000)], [q(6000)])).toBeUndefined();
    expect(conflictingFigure([{ kind: 'move', symbol: 'NVK.AX', pct: -4 }], [{ kind: 'move', symbol: 'NVK.AX', pct: 6 }])).toEqual({ kind: 'move', symbol: 'NVK.AX', pct: -4 });
  });
});
