import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStores } from '../../src/store/open.js';
import { storeContract } from '../redis/store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract({
  name: 'SQLite (real file)',
  fresh: () => `sqlite://${join(dir, `s${++n}.sqlite`)}`,
  open: (loc) => openStores(loc),
});
