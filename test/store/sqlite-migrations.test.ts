/**
 * The SQLite schema's migrations: the keyv layout of 0.1.0 (a committed file written by that code) moves into
 * the tables with nothing lost; a lost version row heals; a newer, corrupt or read-only file is refused clearly.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The fixture was written on 2026-12-07; keyv had set a 4-day expiry on story messages from then.
const FIXTURE_NOW = Date.parse('2026-12-07T11:00:00Z');

describe('migrating a store written in the keyv layout', () => {
  it('moves every kind of data into the tables, says so once, and keeps the old rows', async () => {
    const file = join(dir, 'legacy.sqlite');
    copyFileSync('test/fixtures/store/keyv-layout.sqlite', file);
    const notices: string[] = [];
    const s = await openStores(`sqlite://${file}`, { now: () => FIXTURE_NOW, onNotice: (m, ctx) => notices.push(`${m} ${JSON.stringify(ctx)}`) });
    try {
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/migrated the store from the keyv layout.*legacy\.sqlite/);
      expect(notices[0]).toContain('"subscriptions":2');

      const subs = await s.subscriptions.list();
      expect(subs.map((x) => x.channel.id)).toEqual(['111', 'C222']);
      expect(subs[0]!.watchlist).toEqual([{ symbol: 'ALB' }, { symbol: 'ACME', name: 'Acme Lithium' }]);
      expect(subs[0]!.digest).toEqual({ mode: 'daily', at: '07:30', tz: 'Australia/Perth' });
      expect(subs[1]!.digest?.quiet).toEqual({ from: '22:00', to: '06:00' });

      expect(await s.seen.unseen('mining-weekly', ['a1', 'a2', 'a3', 'new'])).toEqual(['new']);
      expect(await s.seen.unseen('sample-wire', ['b1'])).toEqual([]);
      const feeds = await s.feedStates.list();
      expect(feeds.map((f) => f.feedId)).toEqual(['mining-weekly', 'sample-wire']);
      expect(feeds[0]!.etag).toBe('"abc"');
      expect(feeds[1]).toMatchObject({ consecutiveFailures: 3, lastError: { code: 'HTTP_503' }, nextAttemptAt: '2026-11-30T09:00:00.000Z' });

      expect((await s.alerts.latestFor('ALB', 5)).map((a) => a.id)).toEqual(['al-2', 'al-1']);
      expect((await s.alerts.latestFor('300750.SZ', 5)).map((a) => a.id)).toEqual(['al-1']);
      expect(await s.alerts.lastDeliveredAt({ platform: 'discord', id: '111' })).toBe('2026-11-30T08:01:00.000Z');

      const pending = await s.outbox.list('pending');
      expect(pending.map((e) => [e.id, e.seq, e.attempts, e.lastError?.code])).toEqual([['al-3|slack:C222', 3, 2, 'HTTP_502']]);
      expect((await s.outbox.list('dead')).map((e) => [e.id, e.lastError?.code])).toEqual([['al-2|discord:111', 'DISCORD_403']]);
      // The sent entry is remembered: queueing it again is a no-op; a new one takes the next seq.
      const again = await s.outbox.enqueue([pending[0]!.delivery, { ...pending[0]!.delivery, channel: { platform: 'discord', id: '999' } }], new Date(FIXTURE_NOW));
      expect(again.map((e) => e.id)).toEqual(['al-3|discord:999']);
      expect(again[0]!.seq).toBeGreaterThan(3);

      const stories = await s.stories.recent(new Date('2026-11-29T00:00:00Z'));
      expect(stories.map((x) => [x.story.id, x.lead?.id])).toEqual([['st-1', 'al-1']]);
      expect(await s.stories.messageFor('st-1', { platform: 'discord', id: '111' })).toBe('msg-st-1');
      expect((await s.digests.peek({ platform: 'discord', id: '111' })).map((d) => d.alert.id)).toEqual(['al-3']);
      expect(await s.digests.lastDigestAt({ platform: 'discord', id: '111' })).toBe('2026-11-30T07:30:00.000Z');
    } finally {
      await s.close();
    }
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM legacy_keyv').get() as { n: number }).n).toBeGreaterThan(20);
    db.close();
    // A second start has nothing to migrate and says nothing.
    const notices2: string[] = [];
    const s2 = await openStores(`sqlite://${file}`, { now: () => FIXTURE_NOW, onNotice: (m) => notices2.push(m) });
    expect(notices2).toEqual([]);
    expect((await s2.subscriptions.list()).length).toBe(2);
    await s2.close();
  });
});

describe('schema versions', () => {
  it('records each migration once and heals a file whose version rows were lost', async () => {
    const file = join(dir, 'heal.sqlite');
    const s = await openStores(`sqlite://${file}`);
    await s.subscriptions.put({ channel: { platform: 'discord', id: '1' }, want: 'all', watchlist: [], origin: 'command', updatedAt: 't' });
    await s.close();
    const db = new Database(file);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })));
    db.prepare('DELETE FROM schema_migrations').run();
    db.close();
    const again = await openStores(`sqlite://${file}`);
    expect((await again.subscriptions.list()).map((x) => x.channel.id)).toEqual(['1']);
    await again.close();
    const check = new Database(file, { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    check.close();
  });

  it('refuses a file from a newer lithium-wire, naming the file and what to do, and leaves it as it was', async () => {
    const file = join(dir, 'newer.sqlite');
    await (await openStores(`sqlite://${file}`)).close();
    const db = new Database(file);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')`).run();
    db.close();
    await expect(openStores(`sqlite://${file}`)).rejects.toMatchObject({
      code: 'STORE_TOO_NEW',
      message: expect.stringMatching(new RegExp(`${file}.*schema version 99.*upgrade lithium-wire`)),
    });
    const after = new Database(file, { readonly: true });
    expect((after.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(99);
    after.close();
  });
});

describe('bad store files', () => {
  it('a file that is not a database: a clear error naming it, and the file untouched', async () => {
    const file = join(dir, 'corrupt.sqlite');
    writeFileSync(file, 'this is not a database, just some text someone wrote over the store file\n'.repeat(100));
    await expect(openStores(`sqlite://${file}`)).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(new RegExp(`${file} is not a readable SQLite database.*move it aside`)),
    });
  });

  it('a read-only file: a clear error naming it and the fix', async () => {
    const file = join(dir, 'ro.sqlite');
    await (await openStores(`sqlite://${file}`)).close();
    // root ignores file modes; an immutable file is read-only even for root (ext4 here).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chattr', ['+i', file]);
    else chmodSync(file, 0o444);
    try {
      await expect(openStores(`sqlite://${file}`)).rejects.toMatchObject({
        code: 'STORE_READONLY',
        message: expect.stringMatching(new RegExp(`cannot write the store file ${file}.*writable`)),
      });
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', file]);
    }
  });

  it('a directory where the file should be: a clear error naming it', async () => {
    await expect(openStores(`sqlite://${dir}`)).rejects.toMatchObject({ message: expect.stringContaining(dir) });
  });
});
