/**
 * Chat platforms: outbound adapters (for `poll --once`, REST only) and inbound command listeners
 * (for `start`: Discord gateway / HTTP interactions, Slack HTTP / Socket Mode). Each platform is enabled
 * by its token in the environment. Adding a platform adds a block here and a folder under adapters/.
 */
import type { Config } from '../config/load.js';
import type { ChatAdapter, Logger } from '../core/ports.js';
import type { CommandDeps } from '../core/commands/types.js';
import { createDiscordAdapter, startDiscordGateway, startDiscordInteractionsServer } from '../adapters/discord/index.js';
import { createSlackAdapter, createSlackApp } from '../adapters/slack/index.js';
import { parseAdmins } from '../adapters/slack/command.js';

export interface ChatOutputs {
  adapters: ChatAdapter[];
  /** Human-readable lines for `start`: what is on, and how to turn on the rest. */
  describe: string[];
}

export function buildChatOutputs(config: Config, logger: Logger): ChatOutputs {
  const { env } = config;
  const describe: string[] = [];
  const adapters: ChatAdapter[] = [];
  if (env.DISCORD_TOKEN) {
    adapters.push(createDiscordAdapter({ token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL, logger }));
    describe.push(`discord: on (REST${env.DISCORD_API_URL ? ` via ${env.DISCORD_API_URL}` : ''})`);
  } else {
    describe.push('discord: off (set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env, then `lithium-wire register-commands`)');
  }
  if (env.SLACK_BOT_TOKEN) {
    adapters.push(createSlackAdapter({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL, logger }));
    describe.push(`slack: on${env.SLACK_API_URL ? ` (via ${env.SLACK_API_URL})` : ''}`);
  } else {
    describe.push('slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN in .env; see docs/slack.md)');
  }
  return { adapters, describe };
}

export interface Listener {
  name: string;
  stop(): Promise<void>;
}

/** Starts the inbound side of every configured platform (slash commands). */
export async function startChatListeners(config: Config, deps: CommandDeps, logger: Logger, out: (l: string) => void): Promise<Listener[]> {
  const { env } = config;
  const listeners: Listener[] = [];
  const slackHttp = !!(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET);
  try {
    if (env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
      const app = createSlackApp({
        botToken: env.SLACK_BOT_TOKEN,
        signingSecret: env.SLACK_SIGNING_SECRET,
        appToken: env.SLACK_APP_TOKEN,
        apiUrl: env.SLACK_API_URL,
        admins: parseAdmins(env.SLACK_ADMINS),
        port: env.PORT,
        commandDeps: deps,
        logger,
      });
      await app.start();
      listeners.push({ name: 'slack', stop: () => app.stop() });
      out(`slack commands: ${app.mode === 'http' ? `HTTP on port ${app.port} (/slack/events, /healthz)` : 'Socket Mode'}`);
    }
    if (env.DISCORD_TOKEN) {
      const gw = await startDiscordGateway({ token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL, commandDeps: deps, logger });
      listeners.push({ name: 'discord-gateway', stop: () => gw.stop() });
      out('discord commands: gateway connected');
      if (env.DISCORD_PUBLIC_KEY) {
        // Slack's HTTP mode holds PORT; the interactions endpoint then takes the next one.
        const port = slackHttp && env.PORT !== 0 ? env.PORT + 1 : env.PORT;
        const srv = await startDiscordInteractionsServer({ port, publicKey: env.DISCORD_PUBLIC_KEY, commandDeps: deps, logger, apiUrl: env.DISCORD_API_URL });
        listeners.push({ name: 'discord-http', stop: () => srv.stop() });
        out(`discord interactions endpoint: ${srv.url}`);
      }
    }
  } catch (e) {
    for (const l of listeners) await l.stop().catch(() => undefined);
    throw e;
  }
  return listeners;
}
