/**
 * What one report says, reduced to what sameness is judged on: companies, event type, figures, places, and a
 * MinHash of its wording. Plain JSON, so stories survive a restart.
 */
import type { Figure, MatchResult, NewsItem } from '../types.js';
import { eventTypes, typeAgreement, type EventTypes, type TypeAgreement } from './event-type.js';
import { conflictingFigure, sharedFigureWeight } from './figures.js';
import { contentWords, minhash, minhashSimilarity, shingles } from './minhash.js';
import { withoutOutlet } from './headline.js';
import { properNames } from './names.js';
import { findPlaces, isRegionWord, overlap, type Places } from './places.js';

export interface Signature {
  /** Canonical symbols, other listings of one company folded to one symbol. */
  tickers: string[];
  types: EventTypes;
  places: Places;
  figures: Figure[];
  minhash: number[];
  /** Headline-only MinHash: headlines carry the event in few words, so they are compared on their own too. */
  titleHash: number[];
  /** Commodities the report names (absent in stories saved before it was read). */
  commodities?: string[];
  /** Proper names beyond companies and regions: pits, towns, ports (absent in stories saved before). */
  names?: string[];
}

export interface SignatureContext {
  /** Maps any listing to the one symbol the company is grouped under (PILBF → PLS.AX). */
  canonical: (symbol: string) => string;
  /** Folded words of known company names: never taken for a place. */
  companyWords: ReadonlySet<string>;
}

export function buildSignature(item: Pick<NewsItem, 'title' | 'summary' | 'source'>, match: MatchResult, ctx: SignatureContext): Signature {
  const tickers = [...new Set(match.tickers.map(ctx.canonical))].sort();
  const title = withoutOutlet(item.title, item.source, item.summary);
  const words = contentWords(`${title}\n${item.summary}`);
  // A ticker written as a word ("$SGML Brazil plant") is a company, not a site.
  const companyWords = new Set(ctx.companyWords);
  for (const t of match.tickers) companyWords.add((t.split('.')[0] ?? t).toLowerCase());
  return {
    tickers,
    types: eventTypes(title, item.summary, match.why),
    places: findPlaces(title, item.summary, companyWords),
    figures: match.figures,
    minhash: minhash(shingles(words)),
    titleHash: minhash(shingles(contentWords(title))),
    commodities: commoditiesIn(`${title}\n${item.summary}`),
    names: properNames(title, item.summary, companyWords),
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
  unanchored: -0.15, placeAnchor: 0.2, names: 0.15, commodityClash: -0.5,
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

  // A site one report names with its noun ("the Ironbark Hill pit") and the other without ("the Ironbark Hill
  // exit") is still one site. Only a match counts: a name that is not the site says nothing against it.
  const sites = overlap(a.places.sites, b.places.sites) ?? siteByName(a, b);
  const companies = overlap(a.tickers, b.tickers);
  const type = typeAgreement(a.types, b.types);
  // Shared proper names (a pit, a town, a park) tie two reports of one act, each name a little, two at most.
  // Only for a physical act on a commodity both name: people's and institutions' names recur across unrelated
  // political and business news ("Trump", "House", "Fed"), a pit's or a town's do not.
  const names = type >= 0.5 && sameCommodityAct(a, b) ? sharedNames(a, b) : [];
  if (companies !== undefined) {
    // A named site or place is run by one operator: two symbols there are listings, partners or the stocks that
    // moved on the news (a market wrap), not two events.
    const tiedByPlace = !!sites || names.length > 0 || (type === 1 && sharedAnchorPlace(a, b, true) !== undefined);
    if (companies > 0 || !tiedByPlace) score += companies > 0 ? W.companies * companies : W.companyClash;
    const common = a.tickers.filter((t) => b.tickers.includes(t));
    reasons.push(common.length ? `same companies: ${common.slice(0, 4).join(', ')}` : 'different companies');
  }

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
  if (names.length) {
    score += W.names * Math.min(names.length, 2);
    reasons.push(`shared names: ${names.slice(0, 3).join(' ')}`);
  }
  const regions = overlap(a.places.regions, b.places.regions);
  if (regions !== undefined) score += regions > 0 ? W.regions * regions : W.regionClash;
  // "Bolivia suspends lithium exports" and "Bolivia suspends copper exports": one wording, two events.
  const ca = a.commodities ?? [];
  const cb = b.commodities ?? [];
  if (ca.length && cb.length && !ca.some((c) => cb.includes(c))) {
    score += W.commodityClash;
    reasons.push(`different commodities: ${ca.join('/')} vs ${cb.join('/')}`);
  }
  // Events with no company in common (a government's export ban, a county's plant closures and the stocks that
  // moved on them) are tied to a place instead: a province or county for any act, a country only for a
  // government act (a ban, a quota) both report, and only when neither names a company.
  const place = type === 1 && !companies && !sites ? sharedAnchorPlace(a, b, companies === 0) : undefined;
  if (place) {
    score += W.placeAnchor;
    reasons.push(`same place: ${place}`);
  } else if (companies === undefined && !sites && figures === 0 && names.length === 0) {
    // No company, site or figure in common: two market wraps a day apart read alike without being one event.
    score += W.unanchored;
    reasons.push('no shared company, site or figure');
  }

  const conflict = conflictingFigure(b.figures, a.figures);
  return { text, title, companies, type, figures, sites, regions, conflict, score, reasons };
}

/** Acts a place alone can anchor: market, price, forecast and rating stories name places in passing. */
const PLACE_ACTS = new Set(['halt', 'cut', 'restart', 'start', 'policy', 'permit', 'incident']);

// Lithium's own forms count as lithium: a lepidolite halt and a lithium halt can be one event.
const COMMODITIES: ReadonlyArray<readonly [string, RegExp]> = [
  ['lithium', /\b(lithium|spodumene|lepidolite|petalite|brine|LCE|SC6|SC5\.5|DSO)\b/i],
  ['cobalt', /\bcobalt\b/i], ['copper', /\bcopper\b/i], ['nickel', /\bnickel\b/i], ['graphite', /\bgraphite\b/i],
  ['rare earths', /\brare earths?\b/i], ['gallium', /\bgallium\b/i], ['germanium', /\bgermanium\b/i], ['antimony', /\bantimony\b/i],
  ['tin', /\btin\b/i], ['manganese', /\bmanganese\b/i], ['uranium', /\buranium\b/i], ['gold', /\bgold\b/i], ['iron ore', /\biron ore\b/i],
  ['oil', /\b(crude|oil)\b/i], ['lithium', /锂/u], ['cobalt', /钴/u], ['nickel', /镍/u],
  // Spanish and Portuguese names: a Spanish and an English report of one ban name the same metal.
  ['lithium', /\b(litio|lítio|espodumeno|salmuera|salmoura)\b/iu], ['copper', /\bcobre\b/i], ['nickel', /\b(níquel|niquel)\b/iu],
  ['cobalt', /\bcobalto\b/i], ['gold', /\b(oro|ouro)\b/i], ['graphite', /\b(grafito|grafite)\b/i], ['copper', /铜/u],
];
function commoditiesIn(text: string): string[] {
  return [...new Set(COMMODITIES.filter(([, re]) => re.test(text)).map(([c]) => c))].sort();
}

function sharedAnchorPlace(a: Signature, b: Signature, provinceOnly = false): string | undefined {
  // A place ties two acts only about the same thing: a quota on rare earths is not a ban on gallium exports.
  const ca = a.commodities ?? [];
  const cb = b.commodities ?? [];
  if (!ca.some((c) => cb.includes(c))) return undefined;
  const acts = a.types.primary.filter((t) => b.types.primary.includes(t) && PLACE_ACTS.has(t));
  if (acts.length === 0) return undefined;
  const common = a.places.regions.filter((r) => b.places.regions.includes(r));
  return common.find((r) => r.includes('-')) ?? (acts.includes('policy') && !provinceOnly ? common[0] : undefined);
}

function sameCommodityAct(a: Signature, b: Signature): boolean {
  const cb = b.commodities ?? [];
  if (!(a.commodities ?? []).some((c) => cb.includes(c))) return false;
  return [...a.types.primary, ...b.types.primary].some((t) => PLACE_ACTS.has(t));
}

function sharedNames(a: Signature, b: Signature): string[] {
  const nb = new Set(b.names ?? []);
  // A name both read as a site is already counted as one.
  return (a.names ?? []).filter((n) => nb.has(n) && !isRegionWord(n) && !(a.places.sites.includes(n) && b.places.sites.includes(n)));
}

function siteByName(a: Signature, b: Signature): number | undefined {
  const [withSite, bare] = a.places.sites.length ? [a, b] : [b, a];
  if (!withSite.places.sites.length || bare.places.sites.length) return undefined;
  const o = overlap(withSite.places.sites, bare.names ?? []);
  return o ? o : undefined;
}
