/**
 * `lithium-wire feeds` as an operator runs it (the real CLI through tsx, real SQLite files): export of YAML and
 * chat-added feeds, import into another bot keeps ids, URLs and tags (round trip), a malformed file saves nothing,
 * list shows health, remove drops a stored feed and refuses a YAML one; --help documents it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/app/opml.js';
import { openStores } from '../../src/store/open.js';
import { cliEnv, runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'lw-feedscli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configDir(name: string, feedsYaml: string): string {
  const dir = join(root, name);
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'feeds.yaml'), feedsYaml);
  return dir;
}
const envFor = (name: string) => cliEnv(root, { STORE_URL: `sqlite://${join(root, `${name}.sqlite`)}` });
const feedSet = (xml: string) => parseOpml(xml).map((f) => ({ id: f.label, url: f.url, tags: f.tags })).sort((a, b) => String(a.id).localeCompare(String(b.id)));

describe('lithium-wire feeds', () => {
  it('round trip: export (YAML + chat-added) → import into a fresh bot → export gives the same feeds', async () => {
    const a = configDir('a', 'feeds:\n  - { id: yaml-one, url: "https://one.example/rss?k=1&j=2", tags: [lithium, asx] }\n  - { id: yaml-two, url: "https://two.example/atom", enabled: false }\n');
    const s = await openStores(`sqlite://${join(root, 'a.sqlite')}`);
    await s.feedRegistry.add({ id: 'chat-three-1a2b3c', url: 'https://three.example/feed', tags: ['mining'], addedBy: { platform: 'discord', workspace: 'G1', user: 'U1' }, addedAt: '2026-12-07T00:00:00.000Z', paused: false, title: 'Three <&> Wire' });
    await s.close();

    const out = join(root, 'a.opml');
    const exp = await runCli(['feeds', 'export', out, '--config', a], envFor('a'));
    expect(exp.stderr).toBe('');
    expect(exp.code).toBe(0);
    expect(exp.stdout).toContain(`exported 3 feeds to ${out} (OPML 2.0)`);
    const first = readFileSync(out, 'utf8');
    expect(feedSet(first)).toEqual([
      { id: 'chat-three-1a2b3c', url: 'https://three.example/feed', tags: ['mining'] },
      { id: 'yaml-one', url: 'https://one.example/rss?k=1&j=2', tags: ['lithium', 'asx'] },
      { id: 'yaml-two', url: 'https://two.example/atom', tags: [] },
    ]);

    const b = configDir('b', 'feeds: []\n');
    const imp = await runCli(['feeds', 'import', out, '--config', b], envFor('b'));
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain(`imported 3 of 3 feeds from ${out}`);
    // Once more: every feed is already there, so nothing is added twice.
    const again = await runCli(['feeds', 'import', out, '--config', b], envFor('b'));
    expect(again.stdout).toContain('imported 0 of 3 feeds');
    expect(again.stdout).toContain('already stored as yaml-one');

    const back = await runCli(['feeds', 'export', '--config', b], envFor('b'));
    expect(back.code).toBe(0);
    expect(feedSet(back.stdout)).toEqual(feedSet(first));
    const sb = await openStores(`sqlite://${join(root, 'b.sqlite')}`);
    expect((await sb.feedRegistry.list()).map((f) => f.addedBy.platform)).toEqual(['cli', 'cli', 'cli']);
    await sb.close();

    // Into the first bot: its YAML feeds are skipped as configured, the chat one as stored.
    const self = await runCli(['feeds', 'import', out, '--config', a], envFor('a'));
    expect(self.stdout).toContain('imported 0 of 3 feeds');
    expect(self.stdout).toContain('already in config/feeds.yaml as yaml-one');
  }, 60_000);

  it("a reader's names survive: an outline with only text (no title) keeps it as the feed's title on export", async () => {
    const e = configDir('e', 'feeds: []\n');
    const reader = join(root, 'reader.opml');
    writeFileSync(
      reader,
      '<opml version="2.0"><body><outline text="Lithium">\n' +
        '<outline type="rss" text="Battery &amp; Mining Daily" xmlUrl="https://battery.example/feed"/>\n' +
        '<outline type="rss" text="plainword" xmlUrl="https://plain.example/feed"/>\n</outline></body></opml>',
    );
    const imp = await runCli(['feeds', 'import', reader, '--config', e], envFor('e'));
    expect(imp.stdout).toContain('imported 2 of 2 feeds');
    const exp = await runCli(['feeds', 'export', '--config', e], envFor('e'));
    const named = parseOpml(exp.stdout).find((f) => f.url === 'https://battery.example/feed');
    expect(named?.title).toBe('Battery & Mining Daily');
    expect(named?.tags).toEqual(['lithium']);
    // A one-word text that could be an id is taken as the id, not as a name.
    expect(exp.stdout).toContain('text="plainword" title="plainword"');
  }, 60_000);

  it('a feed on a private IP address is not imported (polls would refuse it), unless ALLOW_FEED_ADDRESSES lists it', async () => {
    const f = configDir('f', 'feeds: []\n');
    const file = join(root, 'intranet.opml');
    writeFileSync(
      file,
      '<opml version="2.0"><body>\n<outline text="Intranet" xmlUrl="http://10.1.2.3/feed.rss"/>\n' +
        '<outline text="Loopback" xmlUrl="http://[::1]:8080/rss"/>\n<outline text="Public" xmlUrl="https://public.example/rss"/>\n</body></opml>',
    );
    const refused = await runCli(['feeds', 'import', file, '--config', f], envFor('f'));
    expect(refused.code).toBe(0);
    expect(refused.stdout).toContain('imported 1 of 3 feeds');
    expect(refused.stdout).toMatch(/line 2: refusing .*10\.1\.2\.3.*\(private\).*ALLOW_FEED_ADDRESSES/);
    expect(refused.stdout).toMatch(/line 3: refusing .*::1.*\(loopback\)/);
    const allowed = await runCli(['feeds', 'import', file, '--config', f], { ...envFor('f'), ALLOW_FEED_ADDRESSES: '10.1.2.3' });
    expect(allowed.stdout).toContain('imported 1 of 3 feeds');
    expect(allowed.stdout).toMatch(/line 3: refusing/);
    const list = await runCli(['feeds', 'list', '--config', f], envFor('f'));
    expect(list.stdout).toContain('0 feeds in config/feeds.yaml, 2 stored');
    expect(list.stdout).toContain('http://10.1.2.3/feed.rss');
  }, 60_000);

  it('a malformed file is refused with its line, and nothing is saved', async () => {
    const c = configDir('c', 'feeds: []\n');
    const bad = join(root, 'bad.opml');
    writeFileSync(bad, '<opml version="2.0"><body>\n<outline text="ok" xmlUrl="https://ok.example/rss"/>\n<outline text="x" xmlUrl="https://x.example/rss">\n</body></opml>');
    const r = await runCli(['feeds', 'import', bad, '--config', c], envFor('c'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: not well-formed XML: line 4: </body> closes <outline> (opened on line 3); nothing was imported`);
    const list = await runCli(['feeds', 'list', '--config', c], envFor('c'));
    expect(list.stdout).toContain('0 feeds in config/feeds.yaml, 0 stored');
  }, 60_000);

  it('list shows every feed with its health; remove drops a stored feed and refuses a YAML one', async () => {
    const d = configDir('d', 'feeds:\n  - { id: yaml-one, url: "https://one.example/rss" }\n');
    const s = await openStores(`sqlite://${join(root, 'd.sqlite')}`);
    await s.feedRegistry.add({ id: 'chat-x', url: 'https://x.example/feed', tags: [], addedBy: { platform: 'slack', workspace: 'T1', user: 'U1', name: 'ada' }, addedAt: '2026-12-07T00:00:00.000Z', paused: false });
    await s.feedStates.put({ feedId: 'yaml-one', primed: true, consecutiveFailures: 0, lastPollAt: '2026-12-07T10:00:00.000Z', itemCount: 12,
      etag: '"e"', fetch: { lastStatus: 304, lastLatencyMs: 41, polls: 3, notModified: 2, errors: 0, countedAt: '2026-12-07T10:00:00.000Z' } });
    await s.close();
    const list = await runCli(['feeds', 'list', '--config', d], envFor('d'));
    expect(list.stdout).toContain('1 feeds in config/feeds.yaml, 1 stored');
    expect(list.stdout).toContain('yaml-one — https://one.example/rss · config/feeds.yaml, read-only · ok, polled 2026-12-07 10:00 UTC');
    expect(list.stdout).toContain(', 12 items');
    // The stored fetch statistics, as every instance and every restart reads them (decayed to now: a few polls stay).
    expect(list.stdout).toMatch(/, 12 items · HTTP 304 in 41 ms; 24 h: [0-3] polls?, 67% 304, 0 errors\n/);
    expect(list.stdout).toContain('chat-x — https://x.example/feed · added by ada (slack) 2026-12-07 · not polled yet');

    const yaml = await runCli(['feeds', 'remove', 'yaml-one', '--config', d], envFor('d'));
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain('yaml-one is in config/feeds.yaml: remove it there and restart');
    const rm = await runCli(['feeds', 'remove', 'chat-x', '--config', d], envFor('d'));
    expect(rm.code).toBe(0);
    expect(rm.stdout).toContain('removed chat-x');
    expect((await runCli(['feeds', 'remove', 'chat-x', '--config', d], envFor('d'))).stderr).toContain('no stored feed chat-x');

    const help = await runCli(['feeds', '--help'], envFor('d'));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: lithium-wire feeds [list | import FILE.opml | export [FILE] | remove ID | pause ID | resume ID] [--config DIR]');
    expect((await runCli(['--help'], envFor('d'))).stdout).toContain('feeds [list | import FILE.opml | export [FILE] | remove ID | pause ID | resume ID]');
  }, 60_000);

  it('pause and resume: a YAML feed (the pause stored, the file untouched) and a stored one; list says paused', async () => {
    const yamlText = 'feeds:\n  - { id: yaml-one, url: "https://one.example/rss" }\n  - { id: yaml-off, url: "https://off.example/rss", enabled: false }\n';
    const e = configDir('e', yamlText);
    const s = await openStores(`sqlite://${join(root, 'e.sqlite')}`);
    await s.feedRegistry.add({ id: 'chat-y', url: 'https://y.example/feed', tags: [], addedBy: { platform: 'discord', workspace: 'G1', user: 'U1' }, addedAt: '2026-12-07T00:00:00.000Z', paused: false });
    await s.feedStates.put({ feedId: 'chat-y', primed: true, consecutiveFailures: 2, lastPollAt: '2026-12-07T10:00:00.000Z' });
    await s.close();
    const cli = (...args: string[]) => runCli(['feeds', ...args, '--config', e], { ...envFor('e'), USER: 'ops' });

    const p1 = await cli('pause', 'yaml-one');
    expect(p1.code).toBe(0);
    expect(p1.stdout).toContain('paused yaml-one (config/feeds.yaml; the pause is kept in the store); a running bot stops polling it from its next tick');
    expect((await cli('pause', 'yaml-one')).stdout).toContain('yaml-one is already paused');
    // The operator may pause a feed added from any workspace.
    expect((await cli('pause', 'https://y.example/feed')).stdout).toContain('paused chat-y;');
    const off = await cli('pause', 'yaml-off');
    expect(off.code).toBe(2);
    expect(off.stderr).toContain('yaml-off is disabled in config/feeds.yaml');
    expect((await cli('pause', 'nope')).stderr).toContain('no feed nope');
    expect((await cli('pause')).stderr).toContain('feeds pause needs a feed id');

    const list = await cli('list');
    expect(list.stdout).toMatch(/yaml-one — https:\/\/one\.example\/rss · config\/feeds\.yaml, read-only · paused by cli:\S+ 20\d\d-/);
    expect(list.stdout).toContain('chat-y — https://y.example/feed · added by U1 (discord) 2026-12-07 · paused');
    expect(readFileSync(join(e, 'feeds.yaml'), 'utf8')).toBe(yamlText);

    expect((await cli('resume', 'yaml-one')).stdout).toContain('resumed yaml-one');
    expect((await cli('resume', 'yaml-one')).stdout).toContain('yaml-one is not paused');
    expect((await cli('resume', 'chat-y')).stdout).toContain('resumed chat-y');
    expect((await cli('list')).stdout).not.toContain('paused');
    // Removing a stored feed forgets its state as well.
    expect((await cli('remove', 'chat-y')).code).toBe(0);
    const after = await openStores(`sqlite://${join(root, 'e.sqlite')}`);
    expect(await after.feedStates.get('chat-y')).toBeUndefined();
    expect(await after.feedRegistry.configuredPauses()).toEqual([]);
    await after.close();
  }, 90_000);
});
