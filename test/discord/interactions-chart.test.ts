/**
 * /ticker over the HTTP interactions endpoint: the signed request is answered with the text reply as JSON (an HTTP
 * response carries no files), then the chart follows as a multipart PATCH of the original response, carrying the PNG
 * and an embed pointing at attachment://ticker-ALB.png. When Discord refuses that edit, the text reply stands.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordInteractionsServer } from '../../src/adapters/discord/interactions-http.js';
import { createChartRenderer } from '../../src/charts/render.js';
import { createYahooQuotes } from '../../src/quotes/yahoo.js';
import { FakeDiscord, PERMS_MEMBER } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/faults.js';
import { pngSize } from '../fakes/multipart.js';
import { startQuotesServer, type FakeQuotesServer } from '../fakes/quotes-server.js';
import { makeCommandDeps } from './support.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

let fake: FakeDiscord;
let quotes: FakeQuotesServer;
let srv: Awaited<ReturnType<typeof startDiscordInteractionsServer>>;
const deps = makeCommandDeps();

beforeAll(async () => {
  fake = await FakeDiscord.start();
  quotes = await startQuotesServer();
  const withCharts = { ...deps, quotes: createYahooQuotes({ baseUrl: quotes.url, logger: deps.logger }), charts: createChartRenderer() };
  srv = await startDiscordInteractionsServer({ port: 0, publicKey: publicHex, commandDeps: withCharts, logger: deps.logger, apiUrl: fake.apiUrl });
});
afterAll(async () => {
  await srv?.stop();
  await quotes?.close();
  await fake?.close();
});

async function ticker(): Promise<{ answer: { type: number; data: { embeds: { image?: unknown; fields?: { name: string }[] }[] } }; path: string }> {
  const interaction = fake.buildInteraction({ name: 'ticker', options: [{ name: 'symbol', type: 3, value: 'ALB' }], permissions: PERMS_MEMBER });
  const body = JSON.stringify(interaction);
  const ts = String(Math.floor(Date.now() / 1000));
  const headers = { 'content-type': 'application/json', 'x-signature-ed25519': sign(null, Buffer.from(ts + body), privateKey).toString('hex'), 'x-signature-timestamp': ts };
  const res = await fetch(srv.url, { method: 'POST', headers, body });
  return { answer: (await res.json()) as never, path: `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original` };
}

async function edits(path: string, count: number): Promise<RecordedRequest[]> {
  const deadline = Date.now() + 10_000;
  const of = () => fake.requests.filter((r) => r.path === path);
  while (of().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return of();
}

describe('discord HTTP interactions: /ticker chart', () => {
  it('answers with the text at once, then edits the original response to attach the PNG', async () => {
    const { answer, path } = await ticker();
    expect(answer.type).toBe(4);
    expect(answer.data.embeds[0]?.image).toBeUndefined();
    expect(answer.data.embeds[0]?.fields?.map((f) => f.name)).toContain('5-day trend');
    const [edit] = await edits(path, 1);
    expect(edit?.method).toBe('PATCH');
    expect(edit?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(edit?.headers.authorization).toBeUndefined(); // webhook edits use the interaction token, not the bot's
    expect(edit?.body).toMatchObject({
      embeds: [{ image: { url: 'attachment://ticker-ALB.png' } }],
      attachments: [{ id: 0, filename: 'ticker-ALB.png' }],
      allowed_mentions: { parse: [] },
    });
    const file = edit?.files?.[0];
    expect(file?.filename).toBe('ticker-ALB.png');
    expect(file?.contentType).toBe('image/png');
    expect(pngSize(file?.data ?? new Uint8Array())).toEqual({ width: 960, height: 380 });
  });

  it('a refused edit leaves the text reply as it was, with no second edit', async () => {
    fake.faults.add({ match: (r) => r.path.startsWith('/webhooks/'), action: { kind: 'status', status: 413, body: { message: 'Request entity too large', code: 40005 } } });
    const { answer, path } = await ticker();
    expect(answer.data.embeds[0]?.fields?.map((f) => f.name)).toContain('Last price');
    expect(await edits(path, 1)).toHaveLength(1);
    // The warning is logged once the refusal is read; a text edit, if the code sent one, would follow it.
    const deadline = Date.now() + 10_000;
    while (!deps.logger.lines.join('\n').includes('chart upload failed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(deps.logger.lines.join('\n')).toContain('chart upload failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests.filter((r) => r.path === path)).toHaveLength(1);
  });
});
