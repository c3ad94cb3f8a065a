/**
 * Slack, wired from the environment: what `poll --once` (adapter only) and `start` (adapter + /lithium app) call.
 *
 *   const adapter = slackAdapterFromEnv(config.env, logger);            // undefined without SLACK_BOT_TOKEN
 *   const app = slackAppFromEnv(config.env, { commandDeps, logger });    // undefined without a mode's secret
 *   await app?.start(); … await app?.stop();
 */
import type { Env } from '../../config/env.js';
import type { CommandDeps } from '../../core/commands/types.js';
import type { Logger } from '../../core/ports.js';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from './adapter.js';
import { chooseSlackMode, createSlackApp, DEFAULT_ENDPOINT, type SlackApp } from './app.js';
import { DEFAULT_COMMAND, parseAdmins } from './command.js';

export { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from './adapter.js';
export { createSlackApp, type SlackApp, type SlackAppOptions, type SlackMode } from './app.js';
export { handleLithiumCommand, parseAdmins, slackCanManage } from './command.js';

type SlackEnv = Pick<Env, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL' | 'SLACK_ADMINS' | 'SLACK_COMMAND' | 'PORT'>;

/** The outbound adapter, when SLACK_BOT_TOKEN is set. */
export function slackAdapterFromEnv(
  env: SlackEnv,
  logger: Logger,
  extra: Pick<SlackAdapterOptions, 'onUncheckedSend' | 'timeoutMs'> = {},
): SlackAdapter | undefined {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  return createSlackAdapter({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL, logger, ...extra });
}

/**
 * The /lithium app, when SLACK_BOT_TOKEN and a mode's secret are set (SLACK_SIGNING_SECRET → HTTP mode, else
 * SLACK_APP_TOKEN → Socket Mode). Not started: call start().
 */
export function slackAppFromEnv(
  env: SlackEnv,
  o: { commandDeps: CommandDeps; logger: Logger; port?: number; host?: string; mounted?: boolean },
): SlackApp | undefined {
  if (!env.SLACK_BOT_TOKEN || (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)) return undefined;
  if (env.SLACK_SIGNING_SECRET && env.SLACK_APP_TOKEN) {
    o.logger.warn('slack: SLACK_SIGNING_SECRET and SLACK_APP_TOKEN are both set; using HTTP mode (unset SLACK_SIGNING_SECRET for Socket Mode)');
  }
  return createSlackApp({
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    admins: parseAdmins(env.SLACK_ADMINS),
    commandName: env.SLACK_COMMAND,
    // Mounted: `start` puts requestListener on its one server; otherwise a server of the app's own on PORT.
    port: o.mounted ? undefined : (o.port ?? env.PORT),
    host: o.host,
    commandDeps: o.commandDeps,
    logger: o.logger,
  });
}

/** One line for `start`: what Slack does with this environment, and how to turn on the rest. */
export function describeSlack(env: SlackEnv): string {
  if (!env.SLACK_BOT_TOKEN) return 'slack: off (set SLACK_BOT_TOKEN, plus SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, in .env; see docs/slack.md)';
  if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    return `slack: posting alerts only (set SLACK_APP_TOKEN or SLACK_SIGNING_SECRET for ${env.SLACK_COMMAND ?? DEFAULT_COMMAND})`;
  }
  const mode = chooseSlackMode({ signingSecret: env.SLACK_SIGNING_SECRET, appToken: env.SLACK_APP_TOKEN });
  const admins = parseAdmins(env.SLACK_ADMINS);
  const who = admins.length ? `${admins.length} admin${admins.length === 1 ? '' : 's'} (SLACK_ADMINS)` : 'anyone in the channel';
  const where = mode === 'http' ? `HTTP mode: POST ${DEFAULT_ENDPOINT} on the HTTP server` : 'Socket Mode';
  return `slack: on (${where}; ${env.SLACK_COMMAND ?? DEFAULT_COMMAND} settings changes: ${who})`;
}
