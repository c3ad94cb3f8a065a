/**
 * The one entry point every platform calls: permission policy, dispatch, and the line between a refusal (the
 * user's message, shown verbatim) and a fault (logged with a reference code; the user sees only the code).
 *
 * State model: a Subscription with `want` set posts alerts; `want: null` keeps a watchlist that posts nothing
 * (after /unsubscribe, or /watchlist add in a channel never subscribed). A channel with neither has no record.
 */
import { randomUUID } from 'node:crypto';
import { describeError, isUserError } from '../errors.js';
import type { SubscriptionStore } from '../ports.js';
import type { Subscription } from '../types.js';
import { reply } from './describe.js';
import { parseCommandOptions, parseCommandText } from './parse.js';
import { handleFilter, handleMention } from './filters.js';
import { handleHelp, handleStatus } from './status.js';
import { handleSubscribe, handleUnsubscribe } from './subscribe.js';
import { handleTicker } from './ticker.js';
import { handleFeed } from './feed.js';
import { handleThreads } from './threads.js';
import { verbChangesSettings, type CommandContext, type CommandDeps, type CommandRequest, type Reply } from './types.js';
import { handleWatchlistAdd, handleWatchlistList, handleWatchlistRemove } from './watchlist.js';
import { CONFIG_OWNED, GENERIC_ERROR, NEED_MANAGE } from './wording.js';

/** True for requests that change a channel's settings; `watchlist list` is a lookup. */
export function changesSettings(req: CommandRequest): boolean {
  return verbChangesSettings(req.verb, 'action' in req ? req.action : undefined);
}

// Settings changes read, modify and write one record: two at once in a channel would lose one. Serialise them per
// store and channel within this process (several instances sharing a store still race; the store has no CAS).
const chains = new WeakMap<SubscriptionStore, Map<string, Promise<unknown>>>();

async function serialised<T>(store: SubscriptionStore, key: string, fn: () => Promise<T>): Promise<T> {
  let perStore = chains.get(store);
  if (!perStore) chains.set(store, (perStore = new Map()));
  const prev = perStore.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  perStore.set(key, tail);
  try {
    return await run;
  } finally {
    if (perStore.get(key) === tail) perStore.delete(key);
  }
}

async function changeSettings(req: CommandRequest, existing: Subscription | undefined, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  if (existing?.origin === 'config') return reply('refused', 'Set in configuration', [CONFIG_OWNED]);
  switch (req.verb) {
    case 'subscribe':
      return handleSubscribe(req.want, existing, ctx, deps, req.digest);
    case 'unsubscribe':
      return handleUnsubscribe(req.dropWatchlist, existing, ctx, deps);
    case 'watchlist':
      if (req.action === 'add') return handleWatchlistAdd(req, existing, ctx, deps);
      if (req.action === 'remove') return handleWatchlistRemove(req, existing, ctx, deps);
      return handleWatchlistList(existing, deps);
    case 'filter':
      return handleFilter(req, existing, ctx, deps);
    case 'mention':
      return handleMention(req, existing, ctx, deps);
    case 'threads':
      return handleThreads(req, existing, ctx, deps);
    default:
      throw new Error(`not a settings verb: ${req.verb}`);
  }
}

async function dispatch(req: CommandRequest, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  // Feeds are the bot's, not the channel's: no channel record to serialise on, and the handler checks canManage.
  if (req.verb === 'feed') return handleFeed(req, ctx, deps);
  if (changesSettings(req)) {
    if (!ctx.canManage) return reply('refused', 'Not allowed', [NEED_MANAGE]);
    const key = `${ctx.channel.platform}:${ctx.channel.id}`;
    return serialised(deps.subscriptions, key, async () =>
      changeSettings(req, await deps.subscriptions.get(ctx.channel), ctx, deps),
    );
  }
  switch (req.verb) {
    case 'ticker':
      return handleTicker(req, ctx, deps);
    case 'status':
      return handleStatus(await deps.subscriptions.get(ctx.channel), ctx, deps);
    case 'watchlist':
      return handleWatchlistList(await deps.subscriptions.get(ctx.channel), deps);
    case 'filter':
      return handleFilter(req, await deps.subscriptions.get(ctx.channel), ctx, deps);
    case 'mention':
      return handleMention(req, await deps.subscriptions.get(ctx.channel), ctx, deps);
    default:
      return handleHelp(deps);
  }
}

function logContext(req: CommandRequest, ctx: CommandContext): Record<string, unknown> {
  return {
    verb: req.verb,
    ...('action' in req ? { action: req.action } : {}),
    channel: `${ctx.channel.platform}:${ctx.channel.id}`,
    ...(ctx.channel.workspace ? { workspace: ctx.channel.workspace } : {}),
    user: ctx.user.id,
  };
}

/** Runs a parsed command. Never throws: every outcome is a Reply. */
export async function handleCommand(req: CommandRequest, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  try {
    const r = await dispatch(req, ctx, deps);
    if (changesSettings(req)) deps.logger.info('command', { ...logContext(req, ctx), status: r.status });
    return r;
  } catch (e) {
    if (isUserError(e)) {
      deps.logger.info('command refused', { ...logContext(req, ctx), code: e.code });
      return reply('refused', 'Not possible', [e.message]);
    }
    return faultReply(e, logContext(req, ctx), deps);
  }
}

/** A fault: logged in full with a short reference; the user sees the reference and nothing of the cause. */
function faultReply(e: unknown, context: Record<string, unknown>, deps: CommandDeps): Reply {
  const ref = randomUUID().slice(0, 8).toUpperCase();
  deps.logger.error('command failed', { ...context, ref, error: describeError(e) });
  return reply('error', 'Something went wrong', [GENERIC_ERROR, `Reference: ${ref}`]);
}

/** A UserError from parsing, as the same kind of reply handleCommand gives (for adapters that parse first). */
export function refusalReply(e: unknown): Reply | undefined {
  return isUserError(e) ? reply('refused', 'Not possible', [e.message]) : undefined;
}

/** Whether unparseable input was aimed at a settings verb: such a user learns about permission, not syntax. */
function aimsAtSettings(verb: string, action: string | undefined): boolean {
  const v = verb.replace(/^\//, '').toLowerCase();
  if (v === 'subscribe' || v === 'unsubscribe' || v === 'threads') return true;
  if (v === 'filter' || v === 'mention') return !['show', 'list', ''].includes((action ?? '').toLowerCase());
  return (v === 'watchlist' || v === 'feed') && !['list', 'show', ''].includes((action ?? '').toLowerCase());
}

function parsedOrReply(
  parse: () => CommandRequest,
  aim: () => boolean,
  ctx: CommandContext,
  deps: CommandDeps,
): CommandRequest | Reply {
  const where = { channel: `${ctx.channel.platform}:${ctx.channel.id}`, user: ctx.user.id };
  try {
    return parse();
  } catch (e) {
    if (!isUserError(e)) return faultReply(e, where, deps);
    deps.logger.info('command refused', { ...where, code: e.code });
    if (!ctx.canManage && aim()) return reply('refused', 'Not allowed', [NEED_MANAGE]);
    return reply('refused', 'Not possible', [e.message]);
  }
}

/** Parse + handle the textual form (Slack `/lithium <text>`); a parse refusal comes back as a Reply too. */
export async function handleCommandText(text: string, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  const words = text.trim().split(/\s+/);
  const req = parsedOrReply(() => parseCommandText(text), () => aimsAtSettings(words[0] ?? '', words[1]), ctx, deps);
  return 'verb' in req ? handleCommand(req, ctx, deps) : req;
}

/** Parse + handle the option form (Discord options by name). */
export async function handleCommandOptions(
  verb: string,
  options: Record<string, string | undefined>,
  ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const action = options.subcommand ?? options.action ?? 'list';
  const req = parsedOrReply(() => parseCommandOptions(verb, options), () => aimsAtSettings(verb, action), ctx, deps);
  return 'verb' in req ? handleCommand(req, ctx, deps) : req;
}
