/**
 * The Bolt app behind `/lithium`, in one of two modes chosen by config:
 * - HTTP (when a signing secret is given): Bolt's HTTPReceiver on `port`, every request verified by signature,
 *   with its request listener wrapped so timestamps more than 5 minutes in the future are refused too
 *   (request-guard.ts); GET /healthz on the same port.
 * - Socket Mode (app token, no signing secret): Bolt's SocketModeReceiver dials Slack; /healthz is served by a
 *   small server of our own on `port` and answers 503 while the socket is down.
 * start() checks the bot token with auth.test first, so a bad token fails at start, not on the first command.
 * Without a `port` the app is mounted instead (what `start` does): HTTP mode serves nothing itself and hands its
 * guarded request listener to the one server (`requestListener`), Socket Mode reports through `health()`.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { CommandDeps } from '../../core/commands/types.js';
import { WireError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { normaliseApiUrl } from './adapter.js';
import { DEFAULT_COMMAND, handleLithiumCommand, slackPolicy, webClientUploader, type LithiumCommandDeps } from './command.js';
import { guardTimestamps } from './request-guard.js';
import { slackGroupDirectory } from './usergroups.js';
import { slackLogger } from './slack-logger.js';

export type SlackMode = 'http' | 'socket';

export interface SlackAppOptions {
  botToken: string;
  /** SLACK_SIGNING_SECRET: selects HTTP mode. */
  signingSecret?: string | undefined;
  /** SLACK_APP_TOKEN (xapp-…): selects Socket Mode when there is no signing secret. */
  appToken?: string | undefined;
  /** Force a mode; by default HTTP when a signing secret is set, else Socket Mode when an app token is. */
  mode?: SlackMode | undefined;
  /** SLACK_API_URL. */
  apiUrl?: string | undefined;
  commandName?: string | undefined;
  /** SLACK_ADMINS user ids; empty: anyone in the channel may change settings. */
  admins?: readonly string[] | undefined;
  /**
   * HTTP port of a server of its own (requests and /healthz in HTTP mode, /healthz only in Socket Mode); 0 picks a
   * free port. Absent: mounted on someone else's server through requestListener and health().
   */
  port?: number | undefined;
  /** Interface to listen on; default all. */
  host?: string | undefined;
  /** Request path for slash commands and events (the manifest's request URL). */
  endpoint?: string | undefined;
  commandDeps: CommandDeps;
  logger: Logger;
}

export interface SlackApp {
  readonly mode: SlackMode;
  /** The bound port once started (useful with port 0); 0 when mounted. */
  readonly port: number;
  /** HTTP mode: the guarded listener for `endpoint`, to mount on a server (valid once constructed; answers after start()). */
  readonly requestListener: RequestListener | undefined;
  /** The request path Slack posts to (default /slack/events). */
  readonly endpoint: string;
  /** Whether Slack can reach us: HTTP mode ok once started; Socket Mode ok while the socket is connected. */
  health(): { ok: boolean; reason?: string };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_ENDPOINT = '/slack/events';

export function chooseSlackMode(o: Pick<SlackAppOptions, 'mode' | 'signingSecret' | 'appToken'>): SlackMode {
  const mode = o.mode ?? (o.signingSecret ? 'http' : o.appToken ? 'socket' : undefined);
  if (mode === 'http' && !o.signingSecret) throw new WireError('CONFIG_INVALID', 'Slack HTTP mode needs SLACK_SIGNING_SECRET');
  if (mode === 'socket' && !o.appToken) throw new WireError('CONFIG_INVALID', 'Slack Socket Mode needs SLACK_APP_TOKEN');
  if (!mode) throw new WireError('CONFIG_INVALID', 'Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  return mode;
}

function health(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** A start failure in words a person can act on: which token Slack refused, or that Slack was unreachable. */
function startError(e: unknown, token: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'): WireError {
  const platform = (e as { data?: { error?: unknown } }).data?.error;
  if (typeof platform === 'string') return new WireError('SLACK_AUTH', `Slack rejected ${token} (${platform})`, { cause: e });
  return new WireError('SLACK_UNREACHABLE', `could not reach Slack to check ${token}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const mode = chooseSlackMode(opts);
  const commandName = opts.commandName ?? DEFAULT_COMMAND;
  const endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
  const boltLog = slackLogger(opts.logger, 'slack-bolt');
  const slackApiUrl = normaliseApiUrl(opts.apiUrl);
  const apiBase = slackApiUrl ? { slackApiUrl } : {};
  // The app's own client only runs auth.test at start: an unreachable Slack should fail there in seconds, not after
  // the SDK's 30-minute default. The Socket Mode client keeps its own long retry (it is how it reconnects).
  const clientOptions = { ...apiBase, logger: boltLog, timeout: 10_000, retryConfig: { retries: 2, minTimeout: 500 } };
  const commandDeps: CommandDeps = {
    ...opts.commandDeps,
    spell: opts.commandDeps.spell ?? ((t: string) => `${commandName} ${t}`),
    help: opts.commandDeps.help ?? { policy: slackPolicy(opts.admins) },
    // `mention @lithium-desk` arrives as plain text (should_escape: false): the app's own client looks the handle up.
    groups: opts.commandDeps.groups ?? slackGroupDirectory(() => app.client),
  };
  const listenerDeps: LithiumCommandDeps = { commandDeps, admins: opts.admins, logger: opts.logger };

  let socketConnected = false;
  let healthServer: Server | undefined;
  let boundPort = 0;
  let started = false;

  async function closeHealth(): Promise<void> {
    const s = healthServer;
    healthServer = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  const receiver =
    mode === 'http'
      ? new HTTPReceiver({
          signingSecret: opts.signingSecret ?? '',
          endpoints: [endpoint],
          logger: boltLog,
          customRoutes: [{ path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => health(res, 200, { ok: true, mode }) }],
        })
      : new SocketModeReceiver({
          appToken: opts.appToken ?? '',
          logger: boltLog,
          installerOptions: { clientOptions: apiBase },
        });

  const mounted = opts.port === undefined;
  let requestListener: RequestListener | undefined;
  if (receiver instanceof HTTPReceiver) {
    receiver.requestListener = guardTimestamps(receiver.requestListener, { endpoints: [endpoint], logger: opts.logger });
    const guarded = receiver.requestListener;
    // Mounted, a request before start() (auth.test still running) must not reach an uninitialised app.
    requestListener = (req, res) => {
      if (!started) return health(res, 503, { ok: false, error: 'starting' });
      return guarded(req, res);
    };
  } else {
    receiver.client.on('connected', () => (socketConnected = true));
    // 'close' is the socket going away (before any reconnect delay); the states cover deliberate shutdown.
    for (const state of ['close', 'disconnected', 'reconnecting', 'disconnecting']) receiver.client.on(state, () => (socketConnected = false));
  }

  const app = new App({
    token: opts.botToken,
    receiver,
    logger: boltLog,
    logLevel: LogLevel.WARN,
    clientOptions,
    deferInitialization: true,
  });
  app.error(async (e) => {
    opts.logger.error('slack: unhandled error in a listener', { error: e.message, code: e.code });
  });

  app.command(commandName, async ({ command, ack, respond, client }) => {
    await handleLithiumCommand({ command, ack, respond, uploadImage: webClientUploader(client) }, listenerDeps);
  });

  return {
    mode,
    get port() {
      return boundPort;
    },
    requestListener,
    endpoint,
    health() {
      if (!started) return { ok: false, reason: 'not started' };
      if (mode === 'socket' && !socketConnected) return { ok: false, reason: 'Socket Mode connection to Slack is down (reconnecting)' };
      return { ok: true };
    },
    async start() {
      await app.init().catch((e: unknown) => {
        throw startError(e, 'SLACK_BOT_TOKEN');
      }); // auth.test: a wrong or revoked token fails here, not on the first command
      if (receiver instanceof HTTPReceiver && mounted) {
        // Nothing to listen on: the owner of the server mounts requestListener.
      } else if (receiver instanceof HTTPReceiver) {
        const server = (await app.start({ port: opts.port, host: opts.host })) as Server;
        boundPort = (server.address() as AddressInfo).port;
      } else if (mounted) {
        try {
          await app.start();
        } catch (e) {
          throw startError(e, 'SLACK_APP_TOKEN');
        }
      } else {
        healthServer = createServer((req, res) => {
          const path = new URL(req.url ?? '/', 'http://localhost').pathname;
          if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
            health(res, socketConnected ? 200 : 503, { ok: socketConnected, mode, connected: socketConnected });
          } else health(res, 404, { ok: false });
        });
        boundPort = await listen(healthServer, opts.port ?? 0, opts.host);
        try {
          await app.start();
        } catch (e) {
          await closeHealth();
          throw startError(e, 'SLACK_APP_TOKEN');
        }
      }
      started = true;
      opts.logger.info('slack app started', { mode, port: boundPort, command: commandName });
    },
    async stop() {
      const wasStarted = started;
      started = false;
      // A mounted HTTP app has no server of its own to stop.
      if (wasStarted && !(mounted && mode === 'http')) {
        await app.stop().catch((e: unknown) => opts.logger.warn('slack: stop failed', { error: String(e) }));
      }
      await closeHealth();
      socketConnected = false;
    },
  };
}
