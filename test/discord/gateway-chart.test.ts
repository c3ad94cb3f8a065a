/**
 * /ticker's chart through the real discord.js client when the answer is late: the interaction is deferred, and the
 * reply with its PNG arrives as a multipart edit of the original response (discord.js editReply with `files`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordGateway, type DiscordGateway } from '../../src/adapters/discord/gateway.js';
import { createChartRenderer } from '../../src/charts/render.js';
import { createYahooQuotes } from '../../src/quotes/yahoo.js';
import { FakeDiscord, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/faults.js';
import { pngSize } from '../fakes/multipart.js';
import { startQuotesServer, type FakeQuotesServer } from '../fakes/quotes-server.js';
import { makeCommandDeps } from './support.js';

let fake: FakeDiscord;
let quotes: FakeQuotesServer;
let gw: DiscordGateway;
const deps = makeCommandDeps();

beforeAll(async () => {
  fake = await FakeDiscord.start();
  // History answers after 300 ms: past the 50 ms defer threshold, well inside the history deadline.
  quotes = await startQuotesServer({ slowMs: 300 });
  quotes.setHistoryMode('slow');
  const commandDeps = { ...deps, quotes: createYahooQuotes({ baseUrl: quotes.url, logger: deps.logger }), charts: createChartRenderer() };
  gw = await startDiscordGateway({ token: fake.token, apiUrl: fake.apiUrl, commandDeps, logger: deps.logger, deferAfterMs: 50 });
});
afterAll(async () => {
  await gw?.stop();
  await quotes?.close();
  await fake?.close();
});

describe('discord gateway: a late /ticker', () => {
  it('is deferred, then edited with the chart attached', async () => {
    const cb = await fake.interact({ name: 'ticker', options: [{ name: 'symbol', type: 3, value: 'ALB' }], permissions: PERMS_MEMBER });
    expect(cb.body).toEqual({ type: 5, data: { flags: 64 } });
    const deadline = Date.now() + 10_000;
    let edit: RecordedRequest | undefined;
    while (!(edit = fake.requests.find((r) => r.method === 'PATCH' && r.path.endsWith(`${cb.token}/messages/@original`))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(edit?.body).toMatchObject({
      embeds: [{ title: 'ALB · Albemarle · NYSE', image: { url: 'attachment://ticker-ALB.png' } }],
      allowed_mentions: { parse: [] },
    });
    expect(edit?.files?.[0]?.filename).toBe('ticker-ALB.png');
    expect(pngSize(edit?.files?.[0]?.data ?? new Uint8Array())).toEqual({ width: 960, height: 380 });
  });
});
