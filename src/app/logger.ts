/**
 * A small structured logger: one line per event, JSON context, secrets scrubbed from every line.
 * Writes to stderr so that stdout stays for command output (alerts, `match` JSON Lines).
 */
import type { Logger } from '../core/ports.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

export interface LoggerOptions {
  level?: LogLevel;
  /** Values to replace with "[redacted]" wherever they appear (tokens, signing secrets). */
  secrets?: readonly string[];
  write?: (line: string) => void;
  /** Context added to every line (instance id, role). */
  base?: Record<string, unknown>;
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  // Tokens we were not told about still should not leak: Slack tokens and Discord bot tokens have known shapes.
  out = out.replace(/xox[abposr]-[A-Za-z0-9-]{8,}/g, '[redacted]').replace(/xapp-[A-Za-z0-9-]{8,}/g, '[redacted]');
  out = out.replace(/(Bot |Bearer )[A-Za-z0-9._-]{20,}/g, '$1[redacted]');
  return out;
}

function safeStringify(ctx: Record<string, unknown>): string {
  try {
    return JSON.stringify(ctx, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '{"ctx":"unserialisable"}';
  }
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = LEVELS[opts.level ?? 'info'];
  const secrets = opts.secrets ?? [];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = opts.base ?? {};
  const emit = (level: LogLevel, msg: string, ctx?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const merged = { ...base, ...(ctx ?? {}) };
    const tail = Object.keys(merged).length ? ' ' + safeStringify(merged) : '';
    write(redact(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${tail}`, secrets));
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}

/** A logger that keeps lines in memory, for tests. */
export function createMemoryLogger(secrets: readonly string[] = []): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets, write: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}
