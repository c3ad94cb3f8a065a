/**
 * The HTTP interactions endpoint: slash commands without a gateway connection (DISCORD_GATEWAY=off, or auto with
 * DISCORD_PUBLIC_KEY set). `start` mounts createInteractionsHandler on its one HTTP server.
 * Discord signs every request with Ed25519 over (timestamp + raw body); anything that does not verify against
 * DISCORD_PUBLIC_KEY is answered 401 before the body is even parsed.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import type { CommandDeps } from '../../core/commands/types.js';
import { describeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { ReceivedOption } from './commands.js';
import { EPHEMERAL, imageFile, withImage } from './format.js';
import { answerCommand, parsePermissions, type CommandAnswer } from './respond.js';

export interface InteractionsHandlerOptions {
  /** DISCORD_PUBLIC_KEY: the application's public key, 64 hex characters (Developer Portal → General Information). */
  publicKey: string;
  commandDeps: CommandDeps;
  logger: Logger;
  /** Larger bodies are refused with 413 (interactions are a few KB). Default 256 KiB. */
  maxBodyBytes?: number;
  /**
   * Requests whose signed timestamp is further than this from now are refused, so a captured request cannot be
   * replayed later. Default 300 s; null turns the check off (hosts with a badly wrong clock).
   */
  maxSkewSeconds?: number | null;
  now?: () => number;
  /** REST base for follow-ups of deferred replies (DISCORD_API_URL); default Discord's. */
  apiUrl?: string | undefined;
  /**
   * Discord drops an interaction not answered within 3 s. A command still running after this long is answered
   * "deferred" (type 5, ephemeral) and finished by editing the original response. Default 2,000 ms.
   */
  deferAfterMs?: number;
}

export type InteractionsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Raw 32-byte Ed25519 public key (hex) → a KeyObject node's crypto can verify with. */
export function ed25519PublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

/** True when `signatureHex` is a valid Ed25519 signature of timestamp + body under `key`. */
export function verifyDiscordSignature(key: KeyObject, signatureHex: string, timestamp: string, body: Buffer): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signatureHex) || timestamp === '') return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const chunk = c as Buffer;
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

interface RawInteraction {
  type?: number;
  application_id?: string;
  token?: string;
  data?: { name?: string; options?: ReceivedOption[] };
  guild_id?: string;
  channel_id?: string;
  channel?: { id?: string };
  member?: { permissions?: string; user?: { id?: string; username?: string } };
  user?: { id?: string; username?: string };
}

export function createInteractionsHandler(opts: InteractionsHandlerOptions): InteractionsHandler {
  const key = ed25519PublicKey(opts.publicKey);
  const max = opts.maxBodyBytes ?? 256 * 1024;
  const now = opts.now ?? Date.now;
  const maxSkew = opts.maxSkewSeconds === undefined ? 300 : opts.maxSkewSeconds;
  const { logger } = opts;
  const deferAfterMs = opts.deferAfterMs ?? 2_000;
  // Webhook follow-ups authenticate with the interaction token, not the bot token.
  const rest = new REST({ ...(opts.apiUrl ? { api: opts.apiUrl } : {}), retries: 1 });

  /** PATCH the original response: the text (a deferred reply's), and the chart as a multipart file when there is one. */
  async function editOriginal(it: RawInteraction, answer: CommandAnswer, withText: boolean): Promise<void> {
    if (!it.application_id || !it.token) throw new Error('interaction has no application id or token');
    const { message, image } = answer;
    const route = Routes.webhookMessage(it.application_id, it.token);
    const text = { embeds: message.embeds, allowed_mentions: message.allowed_mentions };
    if (image) {
      try {
        const file = imageFile(image);
        await rest.patch(route, {
          body: { ...text, embeds: withImage(message, image).embeds, attachments: [{ id: 0, filename: file.name, description: file.description }] },
          files: [{ name: file.name, data: file.attachment, contentType: 'image/png' }],
          auth: false,
        });
        return;
      } catch (e) {
        // The reply stands as text (with its trend line); only a deferred one still needs its text sent.
        logger.warn('discord: chart upload failed, the reply stays text', { command: it.data?.name, error: describeError(e) });
      }
    }
    if (withText) await rest.patch(route, { body: text, auth: false });
  }

  return async (req, res) => {
    try {
      if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
      const sig = req.headers['x-signature-ed25519'];
      const ts = req.headers['x-signature-timestamp'];
      if (typeof sig !== 'string' || typeof ts !== 'string') return send(res, 401, { error: 'invalid request signature' });
      const body = await readBody(req, max);
      if (!body) return send(res, 413, { error: 'body too large' });
      if (!verifyDiscordSignature(key, sig, ts, body)) return send(res, 401, { error: 'invalid request signature' });
      if (maxSkew !== null && !(Math.abs(now() / 1000 - Number(ts)) <= maxSkew)) {
        return send(res, 401, { error: 'stale request timestamp' });
      }

      let it: RawInteraction;
      try {
        it = JSON.parse(body.toString('utf8')) as RawInteraction;
      } catch {
        return send(res, 400, { error: 'body is not JSON' });
      }
      if (it.type === 1) return send(res, 200, { type: 1 }); // PING → PONG
      if (it.type !== 2 || !it.data?.name) return send(res, 400, { error: 'unsupported interaction type' });

      const user = it.member?.user ?? it.user ?? {};
      const work = answerCommand(
        {
          commandName: it.data.name,
          options: it.data.options,
          channelId: it.channel?.id ?? it.channel_id,
          guildId: it.guild_id,
          user: { id: user.id ?? 'unknown', name: user.username },
          permissions: it.guild_id ? (parsePermissions(it.member?.permissions) ?? null) : null,
        },
        opts.commandDeps,
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deferAfterMs)));
      const first = await Promise.race([work, late]);
      clearTimeout(timer);
      if (first !== 'late') {
        // An HTTP response carries JSON only: the text goes now, the chart follows as an edit of that response.
        send(res, 200, { type: 4, data: first.message });
        if (first.image) await editOriginal(it, first, false).catch(() => undefined);
        return;
      }
      send(res, 200, { type: 5, data: { flags: EPHEMERAL } });
      await editOriginal(it, await work, true).catch((e: unknown) =>
        logger.error('discord deferred reply failed', { command: it.data?.name, error: describeError(e) }),
      );
    } catch (e) {
      logger.error('discord interactions endpoint failed', { error: describeError(e) });
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    }
  };
}

export interface InteractionsServerOptions extends InteractionsHandlerOptions {
  /** PORT; 0 picks a free one (tests). */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where Discord POSTs (the Interactions Endpoint URL's path). Default /discord/interactions. */
  path?: string;
}

/** A standalone server for the endpoint: POST {path} → handler; GET /healthz → 200; anything else 404. */
export async function startDiscordInteractionsServer(
  opts: InteractionsServerOptions,
): Promise<{ server: Server; url: string; stop(): Promise<void> }> {
  const handle = createInteractionsHandler(opts);
  const path = opts.path ?? '/discord/interactions';
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === path) return void handle(req, res);
    if (pathname === '/healthz' && req.method === 'GET') return send(res, 200, { ok: true });
    send(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address, family } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${family === 'IPv6' ? `[${address}]` : address}:${port}${path}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
