/**
 * `/feed pause <id|url>` and `/feed resume <id|url>` (admins), the dashboard's Pause/Resume buttons and
 * `lithium-wire feeds pause|resume ID`: one rule, here. A chat-added feed carries its own paused flag; a
 * config/feeds.yaml feed stays as written and its pause is stored beside it (FeedRegistry.pauseConfigured).
 * Either way the poll schedule leaves a paused feed out from its next tick, and lists say "paused".
 */
import { feedUrlKey, type ConfiguredFeed, type FeedRegistry } from '../feed-registry.js';
import { reply, spellOf } from './describe.js';
import type { CommandContext, CommandDeps, CommandRequest, Reply } from './types.js';

export type FeedPauseRequest = Extract<CommandRequest, { verb: 'feed'; action: 'pause' | 'resume' }>;

/** Who asks: where (a chat-added feed is paused only from the workspace that added it) unless the operator. */
export interface PauseActor {
  platform: string;
  workspace: string;
  /** The bot's operator (the dashboard with its token, the CLI): any feed, wherever it was added. */
  operator: boolean;
  /** Recorded with a config feed's pause: "Ana (discord)", "dashboard". */
  by: string;
}

export type FeedPauseOutcome =
  | { status: 'done' | 'already'; id: string; origin: 'config' | 'chat'; paused: boolean }
  | { status: 'not-found' }
  | { status: 'disabled'; id: string }
  | { status: 'elsewhere'; id: string };

/** Pauses or resumes the feed with this id or URL. config/feeds.yaml is looked in first: its feeds win an id clash. */
export async function setFeedPaused(
  registry: FeedRegistry, configured: readonly ConfiguredFeed[], target: string, paused: boolean, actor: PauseActor, now: Date,
): Promise<FeedPauseOutcome> {
  const key = feedUrlKey(target);
  const yaml = configured.find((f) => f.id === target) ?? configured.find((f) => feedUrlKey(f.url) === key);
  if (yaml) {
    if (!yaml.enabled) return { status: 'disabled', id: yaml.id };
    const changed = paused
      ? await registry.pauseConfigured({ id: yaml.id, at: now.toISOString(), by: actor.by })
      : await registry.resumeConfigured(yaml.id);
    return { status: changed ? 'done' : 'already', id: yaml.id, origin: 'config', paused };
  }
  const found = (await registry.get(target)) ?? (/^https?:\/\//i.test(target) ? await registry.byUrl(target) : undefined);
  if (!found) return { status: 'not-found' };
  if (!actor.operator && (found.addedBy.platform !== actor.platform || found.addedBy.workspace !== actor.workspace)) {
    return { status: 'elsewhere', id: found.id };
  }
  if (found.paused === paused) return { status: 'already', id: found.id, origin: 'chat', paused };
  // A feed removed meanwhile is not brought back (setPaused updates only a feed still there).
  if (!(await registry.setPaused(found.id, paused))) return { status: 'not-found' };
  return { status: 'done', id: found.id, origin: 'chat', paused };
}

const whoOf = (ctx: CommandContext): string =>
  ctx.operator ? ctx.user.name ?? ctx.user.id : `${ctx.user.name ?? ctx.user.id} (${ctx.channel.platform})`;

export async function handleFeedPause(req: FeedPauseRequest, ctx: CommandContext, deps: CommandDeps): Promise<Reply> {
  const f = deps.feeds;
  if (!f) throw new Error('handleFeedPause without feed deps');
  const paused = req.action === 'pause';
  const spell = spellOf(deps);
  const actor: PauseActor = { platform: ctx.channel.platform, workspace: ctx.channel.workspace ?? ctx.channel.id, operator: ctx.operator === true, by: whoOf(ctx) };
  const r = await setFeedPaused(f.registry, f.configured, req.target, paused, actor, deps.clock.now());
  switch (r.status) {
    case 'not-found':
      return reply('refused', 'No such feed', [`No feed is called that. See ${spell('feed list')}.`]);
    case 'disabled':
      return reply('refused', 'Disabled in configuration', [`${r.id} is disabled in config/feeds.yaml (enabled: false), so it is not polled either way. Ask whoever runs the bot.`]);
    case 'elsewhere':
      return reply('refused', 'Added elsewhere', [`${r.id} was added from another server or workspace; only its admins (or the bot's operator) can pause or resume it.`]);
    case 'already':
      return reply('ok', paused ? 'Already paused' : 'Not paused', [paused ? `${r.id} is already paused. Resume it with ${spell(`feed resume ${r.id}`)}.` : `${r.id} is not paused: it is polled as usual.`]);
    default: {
      const scope = r.origin === 'config' ? ' (config/feeds.yaml, for every server and workspace this bot serves)' : '';
      return paused
        ? reply('ok', 'Feed paused', [`${r.id}${scope} is not polled from the next poll on. It stays in ${spell('feed list')} as paused.`, `Resume it with ${spell(`feed resume ${r.id}`)}.`])
        : reply('ok', 'Feed resumed', [`${r.id}${scope} is polled again from the next poll on.`]);
    }
  }
}
