/**
 * Opens the SQLite file with the settings every process sharing it needs, and turns SQLite's failures into errors
 * that name the file and say what to do. SQLite's own file locks make several processes on one file safe: each
 * write is a transaction, and a writer waits up to the busy timeout for another to finish.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { WireError } from '../../core/errors.js';

export type Db = Database.Database;

/** How long a write waits for another process's transaction before it fails (the `outbox` CLI while `start` runs). */
export const BUSY_TIMEOUT_MS = 5_000;

const sqliteCode = (e: unknown): string => (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : '');

/** The store error for a SQLite failure on `file`: corrupt, read-only, busy, or anything else (a fault). */
export function storeError(file: string, e: unknown): WireError {
  if (e instanceof WireError) return e;
  const code = sqliteCode(e);
  const detail = e instanceof Error ? e.message : String(e);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new WireError('STORE_CORRUPT', `the store file ${file} is not a readable SQLite database (${detail}); move it aside to start with an empty store, or restore a backup`, { cause: e });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new WireError('STORE_READONLY', `cannot write the store file ${file} (${detail}); check that the file and its directory are writable by this user, or set STORE_URL to another file`, { cause: e });
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return new WireError('STORE_BUSY', `the store file ${file} stayed locked by another process for ${BUSY_TIMEOUT_MS} ms (${detail}); the write is not done and will be retried`, { cause: e });
  }
  return new WireError('STORE_FAILED', `the store file ${file} failed: ${detail}`, { cause: e });
}

export function openDb(file: string): Db {
  if (file !== ':memory:') {
    try {
      mkdirSync(dirname(resolve(file)), { recursive: true });
    } catch (e) {
      throw storeError(file, e);
    }
  }
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    // WAL: a commit is one append, and readers (the `outbox` CLI, a dashboard) never block the writer.
    // synchronous=NORMAL is crash-safe for the process; a power cut can drop the newest commits, never tear one.
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // The first read of the header: a file that is not a database fails here, not in the middle of a poll.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    db?.close();
    throw storeError(file, e);
  }
}

/** Runs `fn` in one write transaction taken at once (BEGIN IMMEDIATE), so two processes never interleave it. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
