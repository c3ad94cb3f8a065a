/**
 * /filter and /mention. A channel has one subscription, so its filters combine (every kind set must pass) and one
 * story is one message per channel; several differently filtered feeds of one channel would post a story twice.
 * Setting a kind replaces that kind's values; clearing removes one kind or all.
 */
import { filterIsEmpty, pctLabel } from '../subscription-filter.js';
import type { MentionSetting, Subscription, SubscriptionFilter } from '../types.js';
import { reply, spellOf } from './describe.js';
import { UserError } from '../errors.js';
import type { CommandContext, CommandDeps, CommandRequest, FilterKind, Reply, ReplyMentionRef } from './types.js';
import { groupSymbols, unknownLine } from './watchlist.js';

const DEFAULT_TOPICS = [{ id: 'lithium-supply', short: 'supply' }] as const;

const FIELD: Record<FilterKind, keyof SubscriptionFilter> = {
  tickers: 'tickers', move: 'minMovePct', topics: 'topics', sources: 'sources', include: 'include', exclude: 'exclude',
};

const quoted = (list: readonly string[]) => list.map((p) => `"${p}"`).join(' or ');

/** "tickers ALB or SQM; move ≥ 5%; including "mine closure"", or what an unfiltered channel gets. */
export function filterValue(f: SubscriptionFilter | undefined): string {
  if (filterIsEmpty(f) || !f) return 'none (every alert of the subscription)';
  const parts: string[] = [];
  if (f.tickers?.length) parts.push(`tickers ${f.tickers.join(' or ')}`);
  if (f.minMovePct !== undefined) parts.push(`move \u2265 ${pctLabel(f.minMovePct)}`);
  if (f.topics?.length) parts.push(`topics ${f.topics.join(' or ')}`);
  if (f.sources?.length) parts.push(`sources ${f.sources.join(' or ')}`);
  if (f.include?.length) parts.push(`including ${quoted(f.include)}`);
  if (f.exclude?.length) parts.push(`excluding ${quoted(f.exclude)}`);
  return parts.join('; ');
}

/** "user group @lithium-desk (S0614TZR7)", "role id 1234…": who a mention names, as an id, never a ping. */
export function mentionWho(m: Pick<MentionSetting, 'kind' | 'id' | 'label'>): string {
  return m.kind === 'usergroup' ? `user group ${m.label ? `@${m.label} (${m.id})` : m.id}` : `role id ${m.id}`;
}

/** The span of mentionValue's text that names the role or group, as Reply extras (none without a mention). */
export function mentionRefs(m: MentionSetting | undefined): { mentions?: ReplyMentionRef[] } {
  return m ? { mentions: [{ text: mentionWho(m), mention: { kind: m.kind, id: m.id } }] } : {};
}

/** "user group @lithium-desk, on supply stories with a move ≥ 5%". */
export function mentionValue(m: MentionSetting | undefined): string {
  if (!m) return 'none';
  const who = mentionWho(m);
  const when = [m.onlySupply ? 'supply stories' : 'every alert', m.minMovePct !== undefined ? `with a move \u2265 ${pctLabel(m.minMovePct)}` : '']
    .filter((w) => w)
    .join(' ');
  return `${who}, on ${when}`;
}

function needsSubscription(existing: Subscription | undefined, deps: CommandDeps): Reply | undefined {
  if (existing?.want) return undefined;
  return reply('refused', 'Not subscribed', [`This channel gets no alerts yet: ${spellOf(deps)('subscribe')} first, then set filters or a mention.`]);
}

async function save(existing: Subscription, patch: Partial<Subscription>, deps: CommandDeps): Promise<Subscription> {
  const sub: Subscription = { ...existing, ...patch, origin: 'command', updatedAt: deps.clock.now().toISOString() };
  if (filterIsEmpty(sub.filter)) delete sub.filter;
  if (!sub.mention) delete sub.mention;
  await deps.subscriptions.put(sub);
  return sub;
}

/** The values of one kind resolved: canonical tickers, known topic ids, lower-case sources; or a refusal. */
function resolveValues(kind: FilterKind, values: readonly string[], existing: Subscription, deps: CommandDeps): string[] | Reply {
  if (kind === 'tickers') {
    const custom = existing.watchlist.filter((e) => !deps.universe.get(e.symbol)).map((e) => ({ symbol: e.symbol, name: e.name ?? e.symbol }));
    const groups = groupSymbols(values, deps.universe.with(custom));
    const unknown = groups.filter((g) => !g.info).map((g) => unknownLine(g.text, deps));
    if (unknown.length) return reply('refused', 'Filter not changed', unknown);
    return [...new Set(groups.map((g) => g.info?.symbol ?? g.text))];
  }
  if (kind === 'topics') {
    const known = deps.topics ?? DEFAULT_TOPICS;
    const out: string[] = [];
    for (const v of values) {
      const w = v.toLowerCase();
      const t = known.find((k) => k.id === w || k.short.toLowerCase() === w || k.short.toLowerCase() === w.replace(/-/g, ' '));
      if (!t) {
        return reply('refused', 'Filter not changed', [`Unknown topic "${v}". Topics: ${known.map((k) => `${k.short} (${k.id})`).join(', ')}.`]);
      }
      out.push(t.id);
    }
    return [...new Set(out)];
  }
  if (kind === 'sources') return [...new Set(values.map((v) => v.toLowerCase()))];
  return [...values];
}

export async function handleFilter(
  req: Extract<CommandRequest, { verb: 'filter' }>,
  existing: Subscription | undefined,
  _ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  if (req.action === 'show') return reply('ok', 'Filters', [`Filters: ${filterValue(existing?.filter)}`]);
  const refusal = needsSubscription(existing, deps);
  if (refusal || !existing) return refusal ?? reply('refused', 'Not subscribed', []);
  let filter: SubscriptionFilter;
  if (req.action === 'clear') {
    filter = req.kind ? { ...existing.filter, [FIELD[req.kind]]: undefined } : {};
  } else {
    const values = resolveValues(req.kind, req.values, existing, deps);
    if (!Array.isArray(values)) return values;
    filter = { ...existing.filter, [FIELD[req.kind]]: req.kind === 'move' ? Number(values[0]) : values };
  }
  // JSON has no undefined: drop cleared kinds so the stored record reads the same on every engine.
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as SubscriptionFilter;
  const sub = await save(existing, { filter: clean }, deps);
  const title = req.action === 'clear' ? (req.kind ? `Filter on ${req.kind} cleared` : 'Filters cleared') : 'Filter set';
  const lines = [`Filters: ${filterValue(sub.filter)}`];
  if (!filterIsEmpty(sub.filter)) lines.push('An alert is posted here only when it passes every filter (any one value of each).');
  return reply('ok', title, lines);
}

/** Where to find a group's ID by hand, for when a handle cannot be looked up. */
const GROUP_ID_HINT = 'In Slack, open People \u2192 User groups, pick the group, \u22ee \u2192 Copy group ID, and give that ID (S\u2026) instead.';

/** A plain @handle → the workspace's user group, through the platform's directory; a refusal when it has none. */
async function resolveHandle(
  req: Extract<CommandRequest, { verb: 'mention'; action: 'set' }>,
  deps: CommandDeps,
): Promise<Pick<MentionSetting, 'kind' | 'id' | 'label'>> {
  if (req.handle === undefined) return req.mention;
  if (!deps.groups) throw new UserError('BAD_MENTION', `Cannot look up @${req.handle} here. Give the group as <!subteam^ID|name> or its ID. ${GROUP_ID_HINT}`);
  const group = await deps.groups.byHandle(req.handle);
  if (!group) throw new UserError('UNKNOWN_GROUP', `No user group @${req.handle} in this workspace (check the spelling: it is the group's handle, not its name). ${GROUP_ID_HINT}`);
  return { kind: 'usergroup', id: group.id, label: group.handle };
}

export async function handleMention(
  req: Extract<CommandRequest, { verb: 'mention' }>,
  existing: Subscription | undefined,
  ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  if (req.action === 'show') return reply('ok', 'Mention', [`Mention: ${mentionValue(existing?.mention)}`], mentionRefs(existing?.mention));
  const refusal = needsSubscription(existing, deps);
  if (refusal || !existing) return refusal ?? reply('refused', 'Not subscribed', []);
  if (req.action === 'clear') {
    await save(existing, { mention: undefined }, deps);
    return reply('ok', 'Mention cleared', ['Alerts here mention nobody.']);
  }
  const platform = ctx.channel.platform;
  const kind = req.handle !== undefined ? 'usergroup' : req.mention.kind;
  const fits = platform === 'slack' ? kind === 'usergroup' : platform === 'discord' ? kind === 'role' : true;
  if (!fits) {
    const want = platform === 'slack' ? 'a Slack user group, as @handle, <!subteam^ID|name> or its ID (S\u2026)' : 'a Discord role';
    return reply('refused', 'Mention not set', [`Name ${want}.`]);
  }
  const who = await resolveHandle(req, deps);
  const mention: MentionSetting = { ...who, ...(req.mention.onlySupply ? { onlySupply: true } : {}), ...(req.mention.minMovePct !== undefined ? { minMovePct: req.mention.minMovePct } : {}) };
  const sub = await save(existing, { mention }, deps);
  return reply('ok', 'Mention set', [`Mention: ${mentionValue(sub.mention)}`, 'Feed text never mentions anyone; only this setting does.'], mentionRefs(sub.mention));
}
