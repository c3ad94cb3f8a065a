/** `poll.healthNotices` in feeds.yaml: the shipped defaults, a feeds.yaml without it, and bad values named. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { healthNoticeSettings } from '../../src/app/health-notices.js';

const root = mkdtempSync(join(tmpdir(), 'lw-config-health-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configWithFeeds(text: string): string {
  const dir = mkdtempSync(join(root, 'c-'));
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), text);
  return dir;
}
const FEEDS = 'feeds:\n  - { id: a, url: "https://a.example/rss" }\n';

describe('poll.healthNotices', () => {
  it('ships on, after 5 failures, to the subscribed channels; the same when feeds.yaml leaves it out', () => {
    expect(loadConfig({ dir: 'config', env: {} }).poll.healthNotices).toEqual({ enabled: true, after: 5, channels: [] });
    expect(loadConfig({ dir: configWithFeeds(FEEDS), env: {} }).poll.healthNotices).toEqual({ enabled: true, after: 5, channels: [] });
  });

  it('takes a count and admin channels as platform:id', () => {
    const dir = configWithFeeds(`poll:\n  healthNotices: { after: 3, channels: ["discord:123", "slack:C1"] }\n${FEEDS}`);
    const cfg = loadConfig({ dir, env: {} }).poll.healthNotices;
    expect(cfg).toEqual({ enabled: true, after: 3, channels: ['discord:123', 'slack:C1'] });
    expect(healthNoticeSettings(cfg).channels).toEqual([{ platform: 'discord', id: '123' }, { platform: 'slack', id: 'C1' }]);
  });

  const bad: [string, string, RegExp][] = [
    ['a channel without its platform', '{ channels: ["123"] }', /poll\.healthNotices\.channels\.0: must be platform:channel-id/],
    ['zero failures', '{ after: 0 }', /poll\.healthNotices\.after/],
    ['an unknown field', '{ afterFailures: 3 }', /poll\.healthNotices: .*afterFailures/],
  ];
  for (const [name, value, message] of bad) {
    it(`names ${name}`, () => {
      expect(() => loadConfig({ dir: configWithFeeds(`poll:\n  healthNotices: ${value}\n${FEEDS}`), env: {} })).toThrow(message);
    });
  }

  it('is documented in the shipped feeds.yaml', () => {
    expect(readFileSync('config/feeds.yaml', 'utf8')).toMatch(/healthNotices:\n\s+enabled: true\n\s+after: 5/);
  });
});
