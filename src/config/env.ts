/** Environment variables, read once. Secrets stay in this object and are never logged (see redact()). */
import { isIP } from 'node:net';
import { z } from 'zod';
import { WireError } from '../core/errors.js';

/** A bad environment variable or .env line: named with its value (secrets hidden) and what to do. Exit 2. */
export class EnvError extends WireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ENV_INVALID', message, options);
    this.name = 'EnvError';
  }
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const EnvSchema = z.object({
  STORE_URL: z.string().regex(/^(sqlite:\/\/.+|rediss?:\/\/.+)$/, 'must be sqlite://PATH (embedded, e.g. sqlite://./data/lithium-wire.sqlite) or redis://HOST:PORT').default('sqlite://./data/lithium-wire.sqlite'),
  CONFIG_DIR: optionalString,
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_PUBLIC_KEY: optionalString,
  DISCORD_API_URL: optionalString,
  /** on: hold a gateway connection for slash commands; off: HTTP interactions only; auto: off when DISCORD_PUBLIC_KEY is set. */
  DISCORD_GATEWAY: optionalString.pipe(z.enum(['auto', 'on', 'off']).default('auto')),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString,
  SLACK_ADMINS: optionalString,
  /** The slash command's name as created in the Slack app (default /lithium). */
  SLACK_COMMAND: optionalString.pipe(z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'a slash and up to 31 lowercase letters, digits, - or _, e.g. /lithium').optional()),
  QUOTES_API_URL: optionalString,
  QUOTES_PROVIDER: z.enum(['yahoo', 'finnhub', 'alphavantage']).optional(),
  FINNHUB_API_KEY: optionalString,
  ALPHAVANTAGE_API_KEY: optionalString,
  ALLOW_PRIVATE_FEEDS: flag,
  /** Exact IP addresses a feed may resolve to although private (one intranet feed host), comma-separated. */
  ALLOW_FEED_ADDRESSES: optionalString.pipe(
    z.string().optional().transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : []))
      .refine((list) => list.every((a) => isIP(a) !== 0), 'must be IP addresses separated by commas, e.g. 10.0.0.5,fd00::5'),
  ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Guards the web dashboard at / (sign-in form or Authorization: Bearer); required when HOST is not loopback. */
  DASHBOARD_TOKEN: optionalString.pipe(z.string().min(12, 'at least 12 characters (e.g. openssl rand -hex 24)').optional()),
  /** The interface the HTTP server binds (0.0.0.0 or :: for every interface, e.g. in a container). */
  HOST: optionalString.pipe(z.string().default('127.0.0.1')),
  // Scale-out (docs/scale-out.md). Key prefix shared by every instance of one deployment on one Redis.
  REDIS_PREFIX: z.string().min(1).default('lw:'),
  /** Owner id written into this instance's leases; default host:pid:random. */
  INSTANCE_ID: optionalString,
  /** /metrics and /healthz: a port, `off`, or empty for the first of PORT..PORT+2 no chat HTTP server holds. */
  METRICS_PORT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(z.union([z.literal('off'), z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().max(65535))]).optional()),
  /** A channel's delivery lease (renewed every third while sending); a dead holder's channel resumes after it. */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(300).default(15_000),
  /** The Discord gateway leader lease: a dead holder's gateway is taken over within about this long. */
  GATEWAY_LEASE_MS: z.coerce.number().int().min(300).default(15_000),
  /** How often the outbox is drained between polls (retries, deliveries queued by other instances). */
  DRAIN_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** Per-request timeout of a chat post (Discord and Slack): a hung request holds its channel this long at most. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
});

export type Env = Readonly<z.infer<typeof EnvSchema>>;

export const SECRET_KEYS = [
  'DISCORD_TOKEN',
  'DISCORD_PUBLIC_KEY',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'FINNHUB_API_KEY',
  'ALPHAVANTAGE_API_KEY',
  'DASHBOARD_TOKEN',
] as const;

/**
 * Parses the environment once. An empty value (`NAME=` as .env.example has it) means "not set", so a copied
 * .env.example works as it is.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const r = EnvSchema.safeParse(set);
  if (!r.success) {
    const issue = r.error.issues[0];
    const name = String(issue?.path[0] ?? '?');
    const value = (SECRET_KEYS as readonly string[]).includes(name) ? '(hidden)' : JSON.stringify(set[name] ?? '');
    throw new EnvError(`environment variable ${name}=${value}: ${issue?.message ?? 'invalid'}; fix or remove that line in .env (or the environment)`);
  }
  return Object.freeze(r.data);
}

/** The secret values in `env`, for scrubbing text before it is logged or shown. */
export function secretValues(env: Env): string[] {
  return SECRET_KEYS.map((k) => env[k]).filter((v): v is string => typeof v === 'string' && v.length >= 6);
}
