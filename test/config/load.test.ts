import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';

const root = mkdtempSync(join(tmpdir(), 'lw-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the shipped config with one file replaced. */
function configWith(file: string, text: string): string {
  const dir = mkdtempSync(join(root, 'c-'));
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, file), text);
  return dir;
}

describe('config', () => {
  it('loads the shipped config into a frozen object', () => {
    const c = loadConfig({ dir: 'config', env: {} });
    expect(c.feeds.length).toBeGreaterThanOrEqual(6);
    expect(c.tickers.find((t) => t.symbol === '300750.SZ')?.aliases).toContain('CATL');
    expect(c.env.STORE_URL).toBe('sqlite://./data/lithium-wire.sqlite');
    expect(c.delivery).toEqual({ maxPerSecond: 20, giveUpAfterHours: 24 });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.feeds[0])).toBe(true);
  });

  it('ships default feeds only in real public feed URL formats', () => {
    const known = [
      /^https:\/\/news\.google\.com\/rss\/search\?q=[^&]+&hl=[a-z]{2}-[A-Z]{2}&gl=[A-Z]{2}&ceid=[A-Z]{2}:[a-z]{2}$/,
      /^https:\/\/www\.bing\.com\/news\/search\?q=[^&]+&format=rss$/,
      /^https:\/\/www\.mining\.com\/(commodity\/[a-z-]+\/)?feed\/$/,
      /^https:\/\/feeds\.finance\.yahoo\.com\/rss\/2\.0\/headline\?s=[A-Z0-9.,]+&region=[A-Z]{2}&lang=[a-z]{2}-[A-Z]{2}$/,
      /^https:\/\/www\.nasdaq\.com\/feed\/rssoutbound\?symbol=[A-Z]+$/,
    ];
    const c = loadConfig({ dir: 'config', env: {} });
    for (const f of c.feeds) expect(known.some((re) => re.test(f.url)), f.url).toBe(true);
    // Every symbol in a per-ticker feed is one the universe knows.
    const symbols = new Set(c.tickers.map((t) => t.symbol));
    for (const f of c.feeds.filter((x) => x.url.includes('headline?s='))) {
      for (const s of new URL(f.url).searchParams.get('s')!.split(',')) expect(symbols.has(s), s).toBe(true);
    }
  });

  const feedsText = readFileSync('config/feeds.yaml', 'utf8');
  const cases: [string, string, string, RegExp][] = [
    ['unknown field', 'feeds.yaml', feedsText.replace('tags: [lithium, search]', 'tags: [lithium, search]\n    colour: red'), /feeds\.yaml: feeds\.0: .*colour/],
    ['bad URL', 'feeds.yaml', feedsText.replace('https://www.mining.com/feed/', 'ftp://www.mining.com/feed/'), /feeds\.yaml: feeds\.3\.url: must be an http\(s\) URL/],
    ['bad cron', 'feeds.yaml', feedsText.replace('"*/5 * * * *"', '"every five minutes"'), /feeds\.yaml: feeds\.4\.schedule: must be a valid cron expression/],
    ['duplicate feed id', 'feeds.yaml', feedsText.replace('id: mining-com\n', 'id: mining-com-lithium\n'), /feeds\.yaml: feeds\.3\.id: duplicate feed id mining-com-lithium/],
    ['bad want', 'subscriptions.yaml', 'subscriptions:\n  - { platform: discord, channel: "1", want: everything }\n', /subscriptions\.yaml: subscriptions\.0\.want/],
    ['not YAML', 'tickers.yaml', 'tickers: [\n', /tickers\.yaml: not valid YAML/],
    ['bad symbol', 'tickers.yaml', 'tickers:\n  - { symbol: alb, name: Albemarle }\n', /tickers\.yaml: tickers\.0\.symbol: upper-case canonical symbol/],
  ];
  for (const [name, file, text, message] of cases) {
    it(`names the file and field for a ${name}`, () => {
      const dir = configWith(file, text);
      expect(() => loadConfig({ dir, env: {} })).toThrow(message);
    });
  }

  it('names a missing config directory', () => {
    expect(() => loadConfig({ dir: join(root, 'nope'), env: {} })).toThrow(/config directory not found/);
  });
});
