/**
 * Property tests for the feed side of hostile input: mutated real-shaped feeds, random bytes and random
 * text never crash the parser or the decoder; output always keeps its invariants. FUZZ_RUNS raises the
 * number of cases (default 400 per property).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { decodeFeedBytes } from '../../src/feeds/charset.js';
import { FeedError } from '../../src/feeds/errors.js';
import { htmlToText } from '../../src/feeds/html-text.js';
import { blockedRange } from '../../src/feeds/net-guard.js';
import { parseFeed } from '../../src/feeds/parse.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEEDS = ['rss2-messy.xml', 'atom-relative.xml', 'rss1-rdf.xml'].map((f) =>
  readFileSync(new URL(`../fixtures/feeds/${f}`, import.meta.url), 'utf8'),
);
const NASTY = [
  '&', '<', '>', ']]>', '<![CDATA[', '<!--', '-->', '<!DOCTYPE rss [<!ENTITY a "b">]>', '<!DOCTYPE html>', '&#0;',
  '&#xD800;', '&#1114112;', '&nbsp;', '&bogus;', '\u0000', '\u0008', '\u202E', '\u200B', '\uFEFF', '\uD800', '<item>',
  '</item>', '<entry>', '<title>', '</title>', '</channel>', '<guid>', '</guid>', '"', "'", '<?xml version="1.0"?>',
  '<html>', '<description>', '</description>', '<link>javascript:alert(1)</link>', '<pubDate>9999999</pubDate>',
  '<published>not a date</published>', '<content type="xhtml"><div>', '@everyone', '<@&123>', '<!channel>',
];

type Mutation = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; len: number } | { kind: 'dup'; at: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 20 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
);

function mutate(doc: string, muts: readonly Mutation[]): string {
  let s = doc;
  for (const m of muts) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
  }
  return s;
}

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|\p{Cc}|\p{Cs}/u;

/** Resolves to 'ok' after checking every item, or the FeedError code; anything else fails the property. */
async function check(xml: string): Promise<string> {
  try {
    const feed = await parseFeed(xml, { feedId: 'fz', feedUrl: 'https://fuzz.example/feed.xml', maxItems: 50 });
    expect(feed.items.length).toBeLessThanOrEqual(50);
    const ids = new Set<string>();
    for (const item of feed.items) {
      expect(item.id.length).toBeGreaterThan(0);
      expect(item.id.length).toBeLessThanOrEqual(512);
      expect(ids.has(item.id)).toBe(false);
      ids.add(item.id);
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.title.length).toBeLessThanOrEqual(500);
      expect(item.summary.length).toBeLessThanOrEqual(2000);
      expect(item.title).not.toMatch(INVISIBLE);
      expect(item.summary).not.toMatch(INVISIBLE);
      if (item.link !== undefined) expect(item.link).toMatch(/^https?:\/\//);
      if (item.published !== undefined) expect(Number.isFinite(Date.parse(item.published))).toBe(true);
    }
    return 'ok';
  } catch (e) {
    if (e instanceof FeedError && (e.code === 'PARSE' || e.code === 'NOT_A_FEED')) return e.code;
    throw e;
  }
}

describe('fuzzed feeds', () => {
  it('mutated RSS/Atom/RDF documents parse or fail with PARSE/NOT_A_FEED, items keep their invariants', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (seed, muts) => {
        const o = await check(mutate(seed, muts));
        outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // The generator must exercise both sides, or the property proves little.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(RUNS / 10);
    expect((outcomes.get('PARSE') ?? 0) + (outcomes.get('NOT_A_FEED') ?? 0)).toBeGreaterThan(0);
  });

  it('arbitrary text never crashes the parser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (s) => {
        await check(s);
        await check(`<rss version="2.0"><channel><item><title>${s}</title><description>${s}</description></item></channel></rss>`);
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes and Content-Types never crash the decoder', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.option(fc.oneof(fc.constantFrom('text/xml; charset=gbk', 'text/xml; charset=utf-16', 'text/xml; charset=big5'), fc.string())),
        (bytes, ct) => {
          expect(typeof decodeFeedBytes(bytes, ct ?? undefined).text).toBe('string');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('htmlToText output is bounded and free of invisible and control characters', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 })), fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = htmlToText(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(INVISIBLE);
      }),
      { numRuns: RUNS },
    );
  });

  it('an IPv4 address and its IPv4-mapped IPv6 form are judged alike', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(blockedRange(`::ffff:${ip}`)).toBe(blockedRange(ip));
      }),
      { numRuns: RUNS },
    );
  });
});
