/** Every variable of .env.example is read by the env schema and has its row in the README's table. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { EnvSchema } from '../../src/config/env.js';

it('.env.example, the env schema and the README table name the same variables', () => {
  const example = [...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  const rows = new Set([...readFileSync('README.md', 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!));
  const schema = new Set(Object.keys(EnvSchema.shape));
  expect(example.length).toBeGreaterThan(20);
  expect(example.filter((v) => !rows.has(v))).toEqual([]);
  expect(example.filter((v) => !schema.has(v))).toEqual([]);
});
