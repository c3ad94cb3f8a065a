/**
 * Polls reuse one TCP connection per checked address (keep-alive), and reuse never lets a request past the
 * address guard: a private address stays refused even while a pooled connection to it is open.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fetchFeed } from '../../src/feeds/fetch.js';

let server: http.Server;
let port = 0;
let connections = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end('<rss version="2.0"><channel><title>t</title></channel></rss>');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('a 200 and three 304s of one host go over one connection', async () => {
  const url = `http://127.0.0.1:${port}/feed.xml`;
  const first = await fetchFeed(url, {}, { allowPrivate: true });
  expect(first.status).toBe('ok');
  for (let i = 0; i < 3; i++) expect((await fetchFeed(url, { etag: '"v1"' }, { allowPrivate: true })).status).toBe('not-modified');
  expect(connections).toBe(1);
});

it('with a pooled connection open to it, a private address is still refused by the guard', async () => {
  await expect(fetchFeed(`http://127.0.0.1:${port}/feed.xml`, {}, { allowPrivate: false })).rejects.toMatchObject({ code: 'BLOCKED_ADDRESS' });
});
