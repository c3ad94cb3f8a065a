/**
 * Bolt, WebClient and the Socket Mode client log through Slack's Logger interface; this routes them into ours, so
 * their lines get our format and our secret scrubbing instead of going to the console.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

function line(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : typeof p === 'string' ? p : safeJson(p)))
    .join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A Slack-SDK logger writing to `logger`; SDK chatter below `level` is dropped before it reaches ours. */
export function slackLogger(logger: Logger, name = 'slack', level: LogLevel = LogLevel.WARN): SlackLogger {
  let min = level;
  let label = name;
  const at = (lvl: LogLevel, write: (msg: string, ctx?: Record<string, unknown>) => void) =>
    (...msg: unknown[]) => {
      if (ORDER[lvl] >= ORDER[min]) write(line(msg), { sdk: label });
    };
  return {
    debug: at(LogLevel.DEBUG, (m, c) => logger.debug(m, c)),
    info: at(LogLevel.INFO, (m, c) => logger.info(m, c)),
    warn: at(LogLevel.WARN, (m, c) => logger.warn(m, c)),
    error: at(LogLevel.ERROR, (m, c) => logger.error(m, c)),
    setLevel: (l: LogLevel) => {
      min = l;
    },
    getLevel: () => min,
    setName: (n: string) => {
      label = n;
    },
  };
}
