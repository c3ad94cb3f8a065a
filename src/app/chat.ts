/**
 * Chat platforms: outbound adapters (for `poll --once`, REST only) and inbound command listeners
 * (for `start`: Discord gateway / HTTP interactions, Slack HTTP / Socket Mode). Each platform is enabled
 * by its token in the environment. Adding a platform adds a block here and a folder under adapters/.
 */
import type { Config } from '../config/load.js';
import type { ChatAdapter, Logger } from '../core/ports.js';
import type { CommandDeps } from '../core/commands/types.js';
import { createDiscordAdapter, startDiscordGateway, startDiscordInteractionsServer } from '../adapters/discord/index.js';
import { describeSlack, slackAdapterFromEnv, slackAppFromEnv } from '../adapters/slack/index.js';
import { describeError } from '../core/errors.js';
import type { Coordinator } from '../core/ports.js';
import { noMetrics, type MetricsSink } from './metrics.js';
import { createLeaderElection, type LeaderElection } from '../core/leases.js';

export interface ChatOutputs {
  adapters: ChatAdapter[];
  /** Human-readable lines for `start`: what is on, and how to turn on the rest. */
  describe: string[];
}

export function buildChatOutputs(config: Config, logger: Logger, metrics: MetricsSink = noMetrics): ChatOutputs {
  const { env } = config;
  const describe: string[] = [];
  const adapters: ChatAdapter[] = [];
  if (env.DISCORD_TOKEN) {
    adapters.push(createDiscordAdapter({ token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL, logger, timeoutMs: env.DELIVERY_TIMEOUT_MS }));
    describe.push(`discord: on (REST${env.DISCORD_API_URL ? ` via ${env.DISCORD_API_URL}` : ''})`);
  } else {
    describe.push('discord: off (set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env, then `lithium-wire register-commands`)');
  }
  const slack = slackAdapterFromEnv(env, logger, {
    timeoutMs: env.DELIVERY_TIMEOUT_MS,
    onUncheckedSend: () => metrics.count('lw_duplicate_checks_skipped_total'),
  });
  if (slack) adapters.push(slack);
  describe.push(describeSlack(env));
  return { adapters, describe };
}

export interface Listener {
  name: string;
  stop(): Promise<void>;
}

export interface ListenerOptions {
  /** Slack (HTTP or Socket Mode) and Discord HTTP interactions: any instance may answer them. */
  commands: boolean;
  /** The Discord gateway, held by one instance at a time under a leader lease. */
  gateway?: { coordinator: Coordinator; ttlMs: number } | undefined;
}

export interface ChatListeners {
  listeners: Listener[];
  /** Ports the chat HTTP servers listen on (so /metrics can take another). */
  ports: number[];
  /** True while this instance holds the Discord gateway lease. */
  gatewayLeader(): boolean;
}

/** Starts the inbound side of every configured platform (slash commands) that this instance's role serves. */
export async function startChatListeners(
  config: Config,
  deps: CommandDeps,
  logger: Logger,
  out: (l: string) => void,
  opts: ListenerOptions = { commands: true },
): Promise<ChatListeners> {
  const { env } = config;
  const listeners: Listener[] = [];
  const ports: number[] = [];
  let election: LeaderElection | undefined;
  const slackHttp = !!(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET);
  try {
    const app = opts.commands ? slackAppFromEnv(env, { commandDeps: deps, logger }) : undefined;
    if (app) {
      await app.start();
      listeners.push({ name: 'slack', stop: () => app.stop() });
      ports.push(env.PORT);
      out(`slack commands: ${app.mode === 'http' ? `HTTP on port ${app.port} (/slack/events, /healthz)` : 'Socket Mode'}`);
    }
    if (env.DISCORD_TOKEN && opts.gateway) {
      const token = env.DISCORD_TOKEN;
      const gw = await holdDiscordGateway(opts.gateway, out, logger, () =>
        startDiscordGateway({ token, apiUrl: env.DISCORD_API_URL, commandDeps: deps, logger }),
      );
      election = gw.election;
      listeners.push({ name: 'discord-gateway', stop: () => gw.election.stop() });
    }
    if (env.DISCORD_TOKEN && env.DISCORD_PUBLIC_KEY && opts.commands) {
      // Slack's HTTP mode holds PORT; the interactions endpoint then takes the next one.
      const port = slackHttp && env.PORT !== 0 ? env.PORT + 1 : env.PORT;
      const srv = await startDiscordInteractionsServer({ port, publicKey: env.DISCORD_PUBLIC_KEY, commandDeps: deps, logger, apiUrl: env.DISCORD_API_URL });
      listeners.push({ name: 'discord-http', stop: () => srv.stop() });
      ports.push(Number(new URL(srv.url).port));
      out(`discord interactions endpoint: ${srv.url}`);
    }
  } catch (e) {
    for (const l of listeners) await l.stop().catch(() => undefined);
    throw e;
  }
  return { listeners, ports, gatewayLeader: () => election?.isLeader() ?? false };
}

/**
 * Campaigns for the `discord-gateway` lease and connects while elected; a deposed holder disconnects at once,
 * and when the holder dies another instance's campaign wins within the TTL. At start, an instance that wins but
 * cannot connect fails like before (bad token); later a failed connect resigns so another instance can try.
 */
async function holdDiscordGateway(
  lease: { coordinator: Coordinator; ttlMs: number },
  out: (l: string) => void,
  logger: Logger,
  connect: () => Promise<{ stop(): Promise<void> }>,
): Promise<{ election: LeaderElection }> {
  let connecting: Promise<{ stop(): Promise<void> } | undefined> | undefined;
  let first: ((e?: unknown) => void) | undefined;
  const firstOutcome = new Promise<unknown>((resolve) => (first = resolve));
  const election: LeaderElection = createLeaderElection({
    coordinator: lease.coordinator,
    name: 'discord-gateway',
    ttlMs: lease.ttlMs,
    // Login can take longer than a renewal period: connect in the background so renewals keep going.
    onElected: () => {
      connecting = connect().then(
        (gw) => {
          out('discord commands: gateway connected');
          first?.();
          return gw;
        },
        (e: unknown) => {
          logger.error('discord gateway failed to connect; resigning the lease', { error: describeError(e) });
          if (first) first(e);
          else void election.stop().then(() => setTimeout(() => election.start(), lease.ttlMs).unref());
          return undefined;
        },
      );
    },
    onDeposed: async (why) => {
      const gw = await connecting;
      connecting = undefined;
      await gw?.stop();
      if (why !== 'stopped') out(`discord commands: gateway released (${why}); another instance takes over`);
    },
    onError: (e) => logger.warn('gateway lease renewal failed', { error: describeError(e) }),
  });
  const mine = await lease.coordinator.leader('discord-gateway', lease.ttlMs);
  election.start();
  if (!mine) {
    out('discord commands: gateway held by another instance; standing by to take over');
    first = undefined;
    return { election };
  }
  const failed = await firstOutcome;
  first = undefined;
  if (failed) {
    await election.stop();
    throw failed;
  }
  return { election };
}
