/** Environment variables, read once. Secrets stay in this object and are never logged (see redact()). */
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const EnvSchema = z.object({
  STORE_URL: z.string().default('sqlite://./data/lithium-wire.sqlite'),
  CONFIG_DIR: optionalString,
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_PUBLIC_KEY: optionalString,
  DISCORD_API_URL: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString,
  SLACK_ADMINS: optionalString,
  QUOTES_API_URL: optionalString,
  QUOTES_PROVIDER: z.enum(['yahoo', 'finnhub', 'alphavantage']).optional(),
  FINNHUB_API_KEY: optionalString,
  ALPHAVANTAGE_API_KEY: optionalString,
  ALLOW_PRIVATE_FEEDS: flag,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
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
] as const;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const r = EnvSchema.safeParse(source);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`environment: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  return Object.freeze(r.data);
}

/** The secret values in `env`, for scrubbing text before it is logged or shown. */
export function secretValues(env: Env): string[] {
  return SECRET_KEYS.map((k) => env[k]).filter((v): v is string => typeof v === 'string' && v.length >= 6);
}
