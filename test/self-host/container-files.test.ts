/**
 * The container files, checked where base images cannot be pulled (no registry here): the Dockerfile's build
 * steps are the README's from-source install, it runs as non-root with the store on a volume and a health check
 * on /healthz; compose.yaml runs the bot next to Redis, with a SQLite-only profile, and is valid for
 * `docker compose config` when the compose plugin is present.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

const dockerfile = readFileSync('Dockerfile', 'utf8');
const readme = readFileSync('README.md', 'utf8');

it('the image builds with the README\'s own steps and runs as a non-root user with a health check', () => {
  const runs = [...dockerfile.matchAll(/^RUN (.+)$/gm)].map((m) => m[1]!.trim());
  expect(runs).toContain('npm ci');
  expect(runs).toContain('npm run build');
  for (const step of ['npm ci', 'npm run build']) expect(readme).toContain(step);
  expect(dockerfile).toMatch(/^FROM node:20[^\n]* AS build$/m);
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
  expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
  expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
});

it('compose.yaml: the bot on Redis, a SQLite profile, secrets only from .env, a stop grace period', () => {
  const doc = parse(readFileSync('compose.yaml', 'utf8')) as { services: Record<string, Record<string, unknown>> };
  expect(Object.keys(doc.services).sort()).toEqual(['bot', 'bot-sqlite', 'redis']);
  expect((doc.services.bot!.environment as Record<string, string>).STORE_URL).toBe('redis://redis:6379');
  expect(doc.services['bot-sqlite']!.profiles).toEqual(['sqlite']);
  expect(doc.services.bot!.stop_grace_period).toBe('30s');
  expect(readFileSync('compose.yaml', 'utf8')).not.toMatch(/TOKEN|SECRET/);
});

let compose = false;
try {
  execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
  compose = true;
} catch {
  // no docker or no compose plugin on this machine
}
it.skipIf(!compose)('docker compose config accepts the file', () => {
  execFileSync('docker', ['compose', 'config', '--quiet'], { stdio: 'pipe' });
});
