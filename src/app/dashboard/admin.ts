/**
 * The dashboard's edits, each through the code chat and the CLI use: a chat command run in a channel through the
 * command core (as a channel manager), a feed paused or resumed as `/feed pause|resume ID` (as the bot's
 * operator: any feed, wherever it was added), and a dead letter retried as `outbox retry ID` does it.
 */
import { handleCommandText, replyText } from '../../core/commands/index.js';
import type { ChannelRef } from '../../core/types.js';
import { outboxCommand } from '../outbox-cli.js';
import { describeError, isUserError } from '../../core/errors.js';
import { FEED_ID } from '../../core/feed-registry.js';
import type { DashboardDeps } from './deps.js';

export async function runChannelCommand(deps: DashboardDeps, channel: ChannelRef, text: string): Promise<{ ok: boolean; text: string }> {
  const reply = await handleCommandText(text.slice(0, 500), { channel, user: { id: 'dashboard', name: 'dashboard' }, canManage: true }, deps.commandDeps);
  deps.logger.info('dashboard: command run', { channel: `${channel.platform}:${channel.id}`, verb: text.trim().split(/\s+/)[0], status: reply.status });
  return { ok: reply.status === 'ok', text: replyText(reply) };
}

/** The dashboard's own "channel": the command core needs one, and no feed command posts anything to it. */
const DASHBOARD_CHANNEL = { platform: 'dashboard', id: 'dashboard' };

export async function runFeedCommand(deps: DashboardDeps, action: string, feedId: string): Promise<{ ok: boolean; text: string }> {
  // One id, one known action: the form cannot smuggle other words into the command line.
  if ((action !== 'pause' && action !== 'resume') || !FEED_ID.test(feedId) || feedId.length > 200) return { ok: false, text: 'Not a feed action.' };
  const reply = await handleCommandText(`feed ${action} ${feedId}`, {
    channel: DASHBOARD_CHANNEL, user: { id: 'dashboard', name: 'dashboard' }, canManage: true, operator: true,
  }, deps.commandDeps);
  deps.logger.info('dashboard: feed command run', { action, feed: feedId, status: reply.status });
  return { ok: reply.status === 'ok', text: replyText(reply) };
}

export async function retryDelivery(deps: DashboardDeps, id: string): Promise<{ ok: boolean; text: string }> {
  const lines: string[] = [];
  try {
    await outboxCommand({ outbox: deps.stores.outbox, subscriptions: deps.stores.subscriptions }, ['retry', id], (l) => lines.push(l), deps.clock.now());
    deps.logger.info('dashboard: delivery requeued', { id });
    return { ok: true, text: lines.join('\n') };
  } catch (e) {
    if (isUserError(e)) return { ok: false, text: e.message };
    deps.logger.error('dashboard: retry failed', { error: describeError(e) });
    return { ok: false, text: 'the retry failed; see the log' };
  }
}
