/**
 * Chat platforms: outbound adapters (for `poll --once`, REST only) and inbound command listeners
 * (for `start`: Discord gateway / HTTP interactions, Slack HTTP / Socket Mode). Each platform is enabled
 * by its token in the environment.
 */
import type { Config } from '../config/load.js';
import type { ChatAdapter, Logger } from '../core/ports.js';
import type { CommandDeps } from '../core/commands/types.js';

export interface ChatOutputs {
  adapters: ChatAdapter[];
  /** Human-readable lines for `start`: what is on, and how to turn on the rest. */
  describe: string[];
}

export function buildChatOutputs(config: Config, _logger: Logger): ChatOutputs {
  const describe: string[] = [];
  const adapters: ChatAdapter[] = [];
  describe.push(config.env.DISCORD_TOKEN ? 'discord: token set (adapter pending)' : 'discord: off (set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env)');
  describe.push(config.env.SLACK_BOT_TOKEN ? 'slack: token set (adapter pending)' : 'slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN in .env)');
  return { adapters, describe };
}

export interface Listener {
  name: string;
  stop(): Promise<void>;
}

/** Starts the inbound side of every configured platform (slash commands). */
export async function startChatListeners(_config: Config, _deps: CommandDeps, _logger: Logger): Promise<Listener[]> {
  return [];
}
