/** `npm start` compiles only when a source is newer than the last build (scripts/build-if-stale.mjs). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'lw-stale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('builds when dist/ is missing or older than a source, and not otherwise', () => {
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolve('node_modules/typescript'), join(dir, 'node_modules/typescript'));
  writeFileSync(join(dir, 'src/cli.ts'), 'export const x: number = 1;\n');
  writeFileSync(join(dir, 'tsconfig.build.json'), JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist', module: 'nodenext', target: 'es2022' }, include: ['src'] }));
  const stderrOf = () => {
    try {
      return execFileSync('sh', ['-c', `node ${resolve('scripts/build-if-stale.mjs')} 2>&1`], { cwd: dir, encoding: 'utf8' });
    } catch (e) {
      throw new Error(String((e as { stdout?: string }).stdout));
    }
  };
  expect(stderrOf()).toMatch(/building dist\/ \(first build\)/);
  expect(stderrOf()).toBe('');
  const later = new Date(Date.now() + 5_000);
  utimesSync(join(dir, 'src/cli.ts'), later, later);
  expect(stderrOf()).toMatch(/building dist\/ \(sources changed\)/);
  expect(stderrOf()).toBe('');
}, 60_000);

it('npm install / npm ci builds through the same script, so the first npm start after it does not build again', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.prepare).toBe('node scripts/build-if-stale.mjs');
});
