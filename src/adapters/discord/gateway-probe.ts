/**
 * Looks before discord.js leaps. A discord.js Client whose first gateway connect fails (HTTP 404 on the
 * WebSocket upgrade, a network error) keeps reconnecting every ~500 ms even after client.destroy(): @discordjs/ws
 * ignores a destroy between two attempts (upstream issue discordjs/discord.js#9510 and its kin). So before a Client
 * exists we ask what it would ask, GET /gateway/bot with the token, then open (and close) one WebSocket handshake to
 * the URL it returns, and turn each failure into an error that names the URL, the cause and the fix.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { DiscordAPIError, HTTPError, REST, Routes } from 'discord.js';
import { WireError } from '../../core/errors.js';

export const GATEWAY_FIX_HTTP =
  'or answer slash commands without a gateway: set DISCORD_PUBLIC_KEY, DISCORD_GATEWAY=off and the Interactions Endpoint URL';
export const TOKEN_FIX = 'reset the bot token (Developer Portal → your app → Bot → Reset Token) and put it in DISCORD_TOKEN';

/** A gateway that cannot be used; `auth` when the token is the problem (retrying cannot help). */
export class GatewayError extends WireError {
  constructor(
    code: 'DISCORD_GATEWAY_AUTH' | 'DISCORD_GATEWAY_UNREACHABLE' | 'DISCORD_GATEWAY_FAILED',
    readonly url: string,
    readonly why: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(code, `discord gateway ${url}: ${why}; fix: ${fix}`, options);
    this.name = 'GatewayError';
  }
}

export interface ProbeOptions {
  token: string;
  /** DISCORD_API_URL (the REST base, e.g. https://discord.com/api); default Discord's. */
  apiUrl?: string | undefined;
  timeoutMs?: number;
}

const DEFAULT_API = 'https://discord.com/api';

function short(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
  const code = 'code' in e && typeof e.code === 'string' ? `${e.code}: ` : '';
  return `${code}${e.message}${cause}`;
}

/** GET /gateway/bot: the token is checked here (401) and the WebSocket URL learnt. */
async function gatewayUrl(o: ProbeOptions, timeoutMs: number): Promise<string> {
  const where = `GET ${(o.apiUrl ?? DEFAULT_API).replace(/\/$/, '')}/v10/gateway/bot`;
  const rest = new REST({ ...(o.apiUrl ? { api: o.apiUrl } : {}), retries: 0, timeout: timeoutMs }).setToken(o.token);
  try {
    const info = (await rest.get(Routes.gatewayBot())) as { url?: unknown };
    if (typeof info.url !== 'string' || !/^wss?:\/\//.test(info.url)) {
      throw new GatewayError('DISCORD_GATEWAY_FAILED', where, 'the answer holds no ws:// or wss:// URL', 'check DISCORD_API_URL (the REST base, e.g. https://discord.com/api)');
    }
    return info.url;
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    const status = e instanceof DiscordAPIError || e instanceof HTTPError ? e.status : undefined;
    if (status === 401) throw new GatewayError('DISCORD_GATEWAY_AUTH', where, 'Discord rejected DISCORD_TOKEN (401 Unauthorized)', TOKEN_FIX, { cause: e });
    if (status !== undefined) {
      throw new GatewayError('DISCORD_GATEWAY_FAILED', where, `answered HTTP ${status}`, `check DISCORD_API_URL; ${GATEWAY_FIX_HTTP}`, { cause: e });
    }
    throw new GatewayError('DISCORD_GATEWAY_UNREACHABLE', where, `unreachable: ${short(e)}`, `check the network and DISCORD_API_URL; ${GATEWAY_FIX_HTTP}`, { cause: e });
  }
}

/** One WebSocket opening handshake (RFC 6455 §4.1) to `url`; resolves on 101, else a GatewayError. */
function handshake(url: string, timeoutMs: number): Promise<void> {
  const target = new URL(url);
  target.searchParams.set('v', '10');
  target.searchParams.set('encoding', 'json');
  const secure = target.protocol === 'wss:';
  const shown = `${target.protocol}//${target.host}${target.pathname}`;
  const fail = (why: string, cause?: unknown) =>
    new GatewayError('DISCORD_GATEWAY_UNREACHABLE', shown, why, `check the network and DISCORD_API_URL; ${GATEWAY_FIX_HTTP}`, { cause });
  return new Promise<void>((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        protocol: secure ? 'https:' : 'http:',
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || (secure ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': randomBytes(16).toString('base64'),
        },
        timeout: timeoutMs,
      },
    );
    req.on('upgrade', (_res, socket) => {
      socket.destroy(); // close at once: the gateway counts identifies, not handshakes
      resolve();
    });
    req.on('response', (res) => {
      res.resume();
      reject(fail(`answered HTTP ${res.statusCode ?? '?'} instead of a WebSocket upgrade`));
    });
    req.on('timeout', () => req.destroy(fail(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => reject(e instanceof GatewayError ? e : fail(`unreachable: ${short(e)}`, e)));
    req.end();
  });
}

/** Resolves with the gateway URL when a Client could connect; rejects with a GatewayError saying why not. */
export async function probeGateway(o: ProbeOptions): Promise<string> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const url = await gatewayUrl(o, timeoutMs);
  await handshake(url, timeoutMs);
  return url;
}
