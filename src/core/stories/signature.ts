/**
 * What one report says, reduced to what sameness is judged on: companies, event type, figures, places, and a
 * MinHash of its wording. Plain JSON, so stories survive a restart.
 */
import type { Figure, MatchResult, NewsItem } from '../types.js';
import { eventTypes, typeAgreement, type EventTypes, type TypeAgreement } from './event-type.js';
import { conflictingFigure, sharedFigureWeight } from './figures.js';
import { contentWords, minhash, minhashSimilarity, shingles } from './minhash.js';
import { findPlaces, overlap, type Places } from './places.js';

export interface Signature {
  /** Canonical symbols, other listings of one company folded to one symbol. */
  tickers: string[];
  types: EventTypes;
  places: Places;
  figures: Figure[];
  minhash: number[];
  /** Headline-only MinHash: headlines carry the event in few words, so they are compared on their own too. */
  titleHash: number[];
}

export interface SignatureContext {
  /** Maps any listing to the one symbol the company is grouped under (PILBF → PLS.AX). */
  canonical: (symbol: string) => string;
  /** Folded words of known company names: never taken for a place. */
  companyWords: ReadonlySet<string>;
}

export function buildSignature(item: Pick<NewsItem, 'title' | 'summary'>, match: MatchResult, ctx: SignatureContext): Signature {
  const tickers = [...new Set(match.tickers.map(ctx.canonical))].sort();
  const words = contentWords(`${item.title}\n${item.summary}`);
  // A ticker written as a word ("$SGML Brazil plant") is a company, not a site.
  const companyWords = new Set(ctx.companyWords);
  for (const t of match.tickers) companyWords.add((t.split('.')[0] ?? t).toLowerCase());
  return {
    tickers,
    types: eventTypes(item.title, item.summary, match.why),
    places: findPlaces(item.title, item.summary, companyWords),
    figures: match.figures,
    minhash: minhash(shingles(words)),
    titleHash: minhash(shingles(contentWords(item.title))),
  };
}

/** The evidence for and against two signatures reporting one event, each part in [-1, 1] or undefined (silent). */
export interface Comparison {
  text: number;
  title: number;
  companies: number | undefined;
  type: TypeAgreement;
  figures: number;
  sites: number | undefined;
  regions: number | undefined;
  /** A figure in `b` that contradicts one in `a`. */
  conflict: Figure | undefined;
  score: number;
  reasons: string[];
}

// Weights are round on purpose: they say which evidence matters more, not a fit to one corpus.
const W = {
  text: 1.6, title: 0.6, companies: 0.25, companyClash: -0.35, figures: 0.18, sites: 0.2, siteClash: -0.3, regions: 0.05, regionClash: -0.1,
  unanchored: -0.15,
};

function typeWeight(t: TypeAgreement): number {
  switch (t) {
    case 1: return 0.25;
    case 0.5: return 0.1;
    case 0.25: return 0;
    case 0: return -0.15;
    case -0.5: return -0.45;
    case -1: return -0.7;
  }
}

/** Compares a story's member `a` with an incoming report `b`. */
export function compare(a: Signature, b: Signature): Comparison {
  const reasons: string[] = [];
  const text = minhashSimilarity(a.minhash, b.minhash);
  const title = minhashSimilarity(a.titleHash, b.titleHash);
  let score = W.text * text + W.title * title;
  reasons.push(`text ${text.toFixed(2)}`);

  const sites = overlap(a.places.sites, b.places.sites);
  const companies = overlap(a.tickers, b.tickers);
  if (companies !== undefined) {
    // A named site is run by one operator: two symbols for it are two listings or partners, not two events.
    if (companies > 0 || !sites) score += companies > 0 ? W.companies * companies : W.companyClash;
    const common = a.tickers.filter((t) => b.tickers.includes(t));
    reasons.push(common.length ? `same companies: ${common.slice(0, 4).join(', ')}` : 'different companies');
  }

  const type = typeAgreement(a.types, b.types);
  score += typeWeight(type);
  if (type === 1) reasons.push(`same event type: ${a.types.primary.filter((t) => b.types.primary.includes(t)).join(', ')}`);
  else if (type < 0) reasons.push(`${type === -1 ? 'opposite' : 'different'} event types: ${a.types.primary.join('/')} vs ${b.types.primary.join('/')}`);

  const figures = sharedFigureWeight(b.figures, a.figures);
  score += W.figures * Math.min(figures, 3);
  if (figures > 0) reasons.push(`shared figures: ${figures}`);

  if (sites !== undefined) {
    score += sites > 0 ? W.sites * sites : W.siteClash;
    const common = a.places.sites.filter((s) => b.places.sites.includes(s));
    reasons.push(common.length ? `same site: ${common.join(' ')}` : `different sites: ${a.places.sites.join(' ')} vs ${b.places.sites.join(' ')}`);
  }
  const regions = overlap(a.places.regions, b.places.regions);
  if (regions !== undefined) score += regions > 0 ? W.regions * regions : W.regionClash;
  // No company, site or figure in common: two market wraps a day apart read alike without being one event.
  if (companies === undefined && !sites && figures === 0) {
    score += W.unanchored;
    reasons.push('no shared company, site or figure');
  }

  const conflict = conflictingFigure(b.figures, a.figures);
  return { text, title, companies, type, figures, sites, regions, conflict, score, reasons };
}
