/** `threads:` on a subscription in config/subscriptions.yaml: on / broadcast / off (or a YAML boolean), read as the chat command sets it. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStatic } from '../../src/app/static-subs.js';
import { loadConfig } from '../../src/config/load.js';
import { Universe } from '../../src/core/symbols.js';

const root = mkdtempSync(join(tmpdir(), 'lw-static-threads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configWith(subscriptions: string) {
  const dir = join(root, `c${Math.random().toString(36).slice(2)}`);
  cpSync('config', dir, { recursive: true });
  writeFileSync(join(dir, 'subscriptions.yaml'), `subscriptions:\n${subscriptions}`);
  return loadConfig({ dir, env: {} });
}

describe('static subscriptions: threads', () => {
  it('on, true and broadcast turn threads on; off, false and absent leave them off', () => {
    const config = configWith(
      ['on', 'true', 'broadcast', 'off', 'false'].map((t, i) => `  - { platform: slack, channel: C${i}, threads: ${t} }\n`).join('') +
        '  - { platform: slack, channel: C9 }\n',
    );
    const subs = resolveStatic(config.subscriptions, new Universe(config.tickers), 'subscriptions.yaml', new Date());
    expect(subs.map((s) => s.threads)).toEqual([{ mode: 'on' }, { mode: 'on' }, { mode: 'on', broadcast: true }, undefined, undefined, undefined]);
  });

  it('anything else stops the config with the file and the field', () => {
    expect(() => configWith('  - { platform: slack, channel: C1, threads: sometimes }\n')).toThrow(/subscriptions\.yaml: subscriptions\.0\.threads/);
  });
});
