/**
 * Chat platforms: outbound adapters (for `poll --once`, REST only) and inbound command listeners
 * (for `start`: Discord gateway and/or HTTP interactions, Slack HTTP / Socket Mode). Each platform is enabled
 * by its token in the environment; HTTP endpoints mount on the one server's router, health checks on /healthz.
 * Adding a platform adds a block here and a folder under adapters/.
 */
import type { Config } from '../config/load.js';
import type { ChatAdapter, Logger } from '../core/ports.js';
import type { CommandDeps } from '../core/commands/types.js';
import {
  createDiscordAdapter,
  createInteractionsHandler,
  GatewayError,
  startDiscordGateway,
  type DiscordGateway,
  type GatewayState,
} from '../adapters/discord/index.js';
import { describeSlack, slackAdapterFromEnv, slackAppFromEnv } from '../adapters/slack/index.js';
import { describeError } from '../core/errors.js';
import type { Coordinator } from '../core/ports.js';
import { noMetrics, type MetricsSink } from './metrics.js';
import { createLeaderElection, type LeaderElection } from '../core/leases.js';
import type { CheckResult, HealthRegistry } from './http/health.js';
import type { Router } from './http/router.js';

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
  /** The one HTTP server's routes: Slack events and Discord interactions mount here. */
  router: Router;
  /** Each platform's health check goes here (shown by /healthz). */
  health: HealthRegistry;
}

export interface ChatListeners {
  listeners: Listener[];
  /** True while this instance holds the Discord gateway lease. */
  gatewayLeader(): boolean;
  /** Whether something outside must reach the HTTP server (Slack HTTP mode, Discord interactions). */
  needsHttp: boolean;
}

export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

/** DISCORD_GATEWAY resolved: auto means off when HTTP interactions (DISCORD_PUBLIC_KEY) answer slash commands. */
export function discordGatewayWanted(env: Pick<Config['env'], 'DISCORD_GATEWAY' | 'DISCORD_PUBLIC_KEY'>): boolean {
  if (env.DISCORD_GATEWAY === 'on') return true;
  if (env.DISCORD_GATEWAY === 'off') return false;
  return !env.DISCORD_PUBLIC_KEY;
}

/** Whether this instance's role and env put an endpoint on the HTTP server that Slack or Discord must reach. */
export function inboundHttpNeeded(env: Config['env'], commands: boolean): boolean {
  if (!commands) return false;
  return !!(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) || !!(env.DISCORD_TOKEN && env.DISCORD_PUBLIC_KEY);
}

/** A reconnect shorter than this is a blip, not an outage. */
const RECONNECT_GRACE_MS = 60_000;

/** Starts the inbound side of every configured platform (slash commands) that this instance's role serves. */
export async function startChatListeners(
  config: Config,
  deps: CommandDeps,
  logger: Logger,
  out: (l: string) => void,
  opts: ListenerOptions,
): Promise<ChatListeners> {
  const { env } = config;
  const listeners: Listener[] = [];
  let election: LeaderElection | undefined;
  let needsHttp = false;
  try {
    const app = opts.commands ? slackAppFromEnv(env, { commandDeps: deps, logger, mounted: true }) : undefined;
    if (app) {
      await app.start();
      listeners.push({ name: 'slack', stop: () => app.stop() });
      if (app.requestListener) {
        const unmount = opts.router.mount(app.endpoint, app.requestListener);
        listeners.push({ name: 'slack-route', stop: async () => unmount() });
        needsHttp = true;
      }
      const removeSlack = opts.health.register('slack', () => app.health());
      listeners.push({ name: 'slack-health', stop: async () => removeSlack() });
      out(`slack commands: ${app.mode === 'http' ? `HTTP, POST ${app.endpoint}` : 'Socket Mode'}`);
    }
    const interactions = !!(env.DISCORD_TOKEN && env.DISCORD_PUBLIC_KEY && opts.commands);
    if (interactions && env.DISCORD_PUBLIC_KEY) {
      const handle = createInteractionsHandler({ publicKey: env.DISCORD_PUBLIC_KEY, commandDeps: deps, logger, apiUrl: env.DISCORD_API_URL });
      const unmount = opts.router.mount(DISCORD_INTERACTIONS_PATH, handle, { methods: ['POST'] });
      listeners.push({ name: 'discord-http', stop: async () => unmount() });
      needsHttp = true;
      out(`discord commands: HTTP interactions, POST ${DISCORD_INTERACTIONS_PATH} (signed with Ed25519)`);
    }
    if (env.DISCORD_TOKEN && opts.gateway && discordGatewayWanted(env)) {
      const token = env.DISCORD_TOKEN;
      // Required when nothing else answers slash commands: then a gateway that cannot connect stops the start.
      const required = !env.DISCORD_PUBLIC_KEY;
      let current: DiscordGateway | undefined;
      let unavailable: string | undefined;
      try {
        const gw = await holdDiscordGateway(opts.gateway, out, logger, async () => {
          try {
            current = await startDiscordGateway({ token, apiUrl: env.DISCORD_API_URL, commandDeps: deps, logger, onState: (st) => gatewayChanged(st, out) });
          } catch (e) {
            // Remembered for /healthz when a later (re-)election fails to connect.
            unavailable = e instanceof GatewayError ? `${e.why} (${e.url})` : describeError(e);
            current = undefined;
            throw e;
          }
          unavailable = undefined;
          return current;
        });
        election = gw.election;
        listeners.push({ name: 'discord-gateway', stop: () => gw.election.stop() });
      } catch (e) {
        if (required) throw e;
        unavailable ??= describeError(e);
        out(`discord commands: gateway unavailable: ${unavailable}; slash commands are answered over HTTP interactions only`);
      }
      const leader = () => election?.isLeader() ?? false;
      const removeCheck = opts.health.register('discord-gateway', () => gatewayHealth({ required, unavailable, leader: leader(), state: current?.state() }));
      listeners.push({ name: 'discord-gateway-health', stop: async () => removeCheck() });
    } else if (env.DISCORD_TOKEN && opts.gateway && !interactions) {
      out(
        env.DISCORD_PUBLIC_KEY
          ? 'discord commands: gateway off (DISCORD_GATEWAY=off); this instance does not serve HTTP interactions (role)'
          : 'discord commands: off (DISCORD_GATEWAY=off and no DISCORD_PUBLIC_KEY for HTTP interactions); alerts still post',
      );
    }
  } catch (e) {
    for (const l of listeners.reverse()) await l.stop().catch(() => undefined);
    throw e;
  }
  return { listeners, gatewayLeader: () => election?.isLeader() ?? false, needsHttp };
}

function gatewayChanged(st: GatewayState, out: (l: string) => void): void {
  if (st.status === 'ready') out('discord commands: gateway connected again');
  else if (st.status === 'closed') out(`discord commands: gateway ${st.reason ?? 'closed'}; discord.js will not reconnect (see /healthz)`);
}

/** The discord-gateway check: down counts only when the gateway is required (nothing else answers commands). */
export function gatewayHealth(o: { required: boolean; unavailable: string | undefined; leader: boolean; state: GatewayState | undefined }, now = Date.now()): CheckResult {
  const verdict = (down: string): CheckResult =>
    o.required ? { ok: false, reason: `required and down: ${down}` } : { ok: true, reason: `down (${down}); slash commands answered over HTTP interactions` };
  if (o.unavailable) return verdict(o.unavailable);
  if (!o.leader) return { ok: true, reason: 'held by another instance (standing by)' };
  const st = o.state;
  if (!st) return verdict('connecting');
  if (st.status === 'ready') return { ok: true };
  if (st.status === 'reconnecting' && now - st.since < RECONNECT_GRACE_MS) return { ok: true, reason: `reconnecting since ${new Date(st.since).toISOString()}` };
  return verdict(st.reason ?? st.status);
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
          // At start the caller reports it (or stops the start); later, say so and let another instance try.
          if (first) return void first(e);
          logger.error('discord gateway failed to connect; resigning the lease', { error: describeError(e) });
          void election.stop().then(() => setTimeout(() => election.start(), lease.ttlMs).unref());
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
