// `npm start` / `npm run demo`: compile only when a source is newer than dist/ (tsc takes ~20 s; a start after
// it should print at once). Anything missing or newer under src/, or a tsconfig/package.json change, rebuilds.
/* global process */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// tsc leaves unchanged outputs untouched, so the time of the last build is kept in a stamp of its own.
const stamp = 'dist/.built-at';
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}
const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].filter((p) => existsSync(p));
const newestSource = Math.max(...sources.map(newest));
const stale = !existsSync('dist/cli.js') || !existsSync(stamp) || newestSource > statSync(stamp).mtimeMs;
if (stale) {
  process.stderr.write(`lithium-wire: building dist/ (${existsSync(stamp) ? 'sources changed' : 'first build'})\n`);
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  // A source stamped in the future (a clock skew, an unpacked archive) must not make every start rebuild.
  const at = new Date(Math.max(Date.now(), Math.ceil(newestSource) + 1));
  utimesSync(stamp, at, at);
}
