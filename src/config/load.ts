/**
 * Loads and validates config/ once at start. Every error names the file and the field, before any poll runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { WireError } from '../core/errors.js';
import { TopicSchema, type TopicRule } from '../core/match/topic-schema.js';
import type { TickerInfo } from '../core/types.js';
import {
  FeedsFileSchema,
  SubscriptionsFileSchema,
  TickersFileSchema,
  type FeedConfig,
  type DeliveryConfig,
  type PollConfig,
  type QuotesConfig,
  type StaticSubscription,
} from './schema.js';
import { parseEnv, type Env } from './env.js';

export interface Config {
  readonly dir: string;
  readonly env: Env;
  readonly poll: PollConfig;
  readonly delivery: DeliveryConfig;
  /** /ticker: `quotes.charts` in feeds.yaml. */
  readonly quotes: QuotesConfig;
  readonly feeds: readonly FeedConfig[];
  readonly tickers: readonly TickerInfo[];
  readonly topics: readonly TopicRule[];
  readonly subscriptions: readonly StaticSubscription[];
}

export class ConfigError extends WireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
    this.name = 'ConfigError';
  }
}

function readStructured(file: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`${label}: cannot read file`, { cause });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`${label}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(cause as Error).message}`, { cause });
  }
}

/** Validates `raw` against `schema`; on failure names the file and the dotted path of the first bad field. */
export function validate<S extends z.ZodTypeAny>(schema: S, raw: unknown, label: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` ${issue.keys.join(', ')}` : '';
    return `${label}: ${path}: ${issue.message}${keys}`;
  });
  throw new ConfigError(lines.join('\n'));
}

function findFile(dir: string, base: string): string | undefined {
  for (const ext of ['.yaml', '.yml', '.json']) {
    const f = join(dir, base + ext);
    if (existsSync(f)) return f;
  }
  return undefined;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export function loadTickers(dir: string): TickerInfo[] {
  const file = findFile(dir, 'tickers');
  if (!file) throw new ConfigError(`${join(dir, 'tickers.yaml')}: missing (the watch universe)`);
  const parsed = validate(TickersFileSchema, readStructured(file, relative('.', file) || file), relative('.', file) || file);
  const seen = new Set<string>();
  for (const [i, t] of parsed.tickers.entries()) {
    if (seen.has(t.symbol)) throw new ConfigError(`${file}: tickers.${i}.symbol: duplicate symbol ${t.symbol}`);
    seen.add(t.symbol);
  }
  return parsed.tickers;
}

export function loadTopics(dir: string): TopicRule[] {
  const topicsDir = join(dir, 'topics');
  if (!existsSync(topicsDir)) return [];
  const files = readdirSync(topicsDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  return files.map((f) => {
    const file = join(topicsDir, f);
    return validate(TopicSchema, readStructured(file, file), file);
  });
}

export interface LoadOptions {
  dir: string;
  env?: Record<string, string | undefined>;
}

export function loadConfig(opts: LoadOptions): Config {
  const dir = opts.dir;
  if (!existsSync(dir)) throw new ConfigError(`${dir}: config directory not found`);
  const env = parseEnv(opts.env ?? process.env);

  const feedsFile = findFile(dir, 'feeds');
  if (!feedsFile) throw new ConfigError(`${join(dir, 'feeds.yaml')}: missing (the feeds to poll)`);
  const feeds = validate(FeedsFileSchema, readStructured(feedsFile, feedsFile), feedsFile);
  const ids = new Set<string>();
  for (const [i, f] of feeds.feeds.entries()) {
    if (ids.has(f.id)) throw new ConfigError(`${feedsFile}: feeds.${i}.id: duplicate feed id ${f.id}`);
    ids.add(f.id);
  }

  const subsFile = findFile(dir, 'subscriptions');
  const subs = subsFile
    ? validate(SubscriptionsFileSchema, readStructured(subsFile, subsFile) ?? {}, subsFile).subscriptions
    : [];

  const topics = loadTopics(dir);
  const topicIds = new Set<string>();
  for (const t of topics) {
    if (topicIds.has(t.id)) throw new ConfigError(`${join(dir, 'topics')}: duplicate topic id ${t.id}`);
    topicIds.add(t.id);
  }

  return deepFreeze({
    dir,
    env,
    poll: feeds.poll,
    delivery: feeds.delivery,
    quotes: feeds.quotes,
    feeds: feeds.feeds,
    tickers: loadTickers(dir),
    topics,
    subscriptions: subs,
  });
}
