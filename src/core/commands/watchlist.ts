/**
 * /watchlist add | remove | list. Symbols are resolved against the universe (plus the channel's own named entries),
 * so "$ALB", "SQM.US" and "albemarle" land on one canonical symbol; nothing unknown is ever added silently.
 */
import { normalizeSymbol, type Universe } from '../symbols.js';
import type { Subscription, TickerInfo, WatchEntry } from '../types.js';
import { entriesLabel, entryLabel, reply, setupNotes, spellOf, WATCHLIST_CAP, watchlistValue } from './describe.js';
import type { CommandContext, CommandDeps, Reply } from './types.js';

interface Group {
  text: string;
  info?: TickerInfo | undefined;
}

/**
 * Joins neighbouring words when together they name a company ("pilbara minerals", "sociedad quimica y minera"),
 * longest match first; a word that starts no known name stays a group of its own.
 */
export function groupSymbols(tokens: readonly string[], universe: Universe): Group[] {
  const groups: Group[] = [];
  let i = 0;
  while (i < tokens.length) {
    let taken = false;
    for (let j = tokens.length; j > i + 1 && !taken; j--) {
      const text = tokens.slice(i, j).join(' ');
      const info = universe.resolve(text);
      if (info) {
        groups.push({ text, info });
        i = j;
        taken = true;
      }
    }
    if (!taken) {
      const text = tokens[i] ?? '';
      groups.push({ text, info: universe.resolve(text) });
      i++;
    }
  }
  return groups;
}

/** The universe plus the channel's entries added by name, so "QZLI" resolves once it is on the list. */
function channelUniverse(list: readonly WatchEntry[], deps: CommandDeps): Universe {
  const custom = list.filter((e) => !deps.universe.get(e.symbol)).map((e) => ({ symbol: e.symbol, name: e.name ?? e.symbol }));
  return deps.universe.with(custom);
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function unknownLine(text: string, deps: CommandDeps): string {
  // The universe's three closest, minus delisted companies (poor guesses for a new watch); if all three were
  // delisted, the closest live one further down.
  const all = deps.universe.suggest(text, 8);
  const live = (s: string) => !deps.universe.get(s)?.delisted;
  const top = all.slice(0, 3).filter(live);
  const near = top.length ? top : all.filter(live).slice(0, 1);
  return near.length ? `Unknown ticker "${text}". Did you mean ${orList(near)}?` : `Unknown ticker "${text}", and no known ticker is close.`;
}

function delistedLine(t: TickerInfo, deps: CommandDeps): string {
  const d = t.delisted!;
  const why = d.note ? ` (${d.note})` : '';
  const successor = d.successor ? deps.universe.get(d.successor) : undefined;
  const instead = successor ? `; watch ${entryLabel({ symbol: successor.symbol }, deps.universe)} instead` : '';
  return `${t.symbol} (${t.name}) was delisted on ${d.since}${why}${instead}.`;
}

async function save(existing: Subscription | undefined, list: WatchEntry[], ctx: CommandContext, deps: CommandDeps): Promise<Subscription | undefined> {
  // A channel that is neither subscribed nor watching anything has no record at all.
  if (!existing?.want && list.length === 0) {
    if (existing) await deps.subscriptions.remove(existing.channel);
    return undefined;
  }
  const sub: Subscription = {
    ...(existing ?? { channel: ctx.channel, want: null, origin: 'command' as const }),
    watchlist: list,
    origin: 'command',
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.subscriptions.put(sub);
  return sub;
}

export async function handleWatchlistAdd(
  req: { symbols: string[]; name?: string | undefined },
  existing: Subscription | undefined,
  ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const current = existing?.watchlist ?? [];
  const universe = channelUniverse(current, deps);
  const added: WatchEntry[] = [];
  const already: string[] = [];
  const problems: string[] = [];
  const unknown: string[] = [];

  const consider = (symbol: string, name?: string) => {
    if (current.some((e) => e.symbol === symbol)) {
      if (!already.includes(symbol)) already.push(symbol);
    } else if (!added.some((e) => e.symbol === symbol)) {
      added.push(deps.universe.get(symbol) || name === undefined ? { symbol } : { symbol, name });
    }
  };

  if (req.name !== undefined) {
    const text = req.symbols[0] ?? '';
    const info = universe.resolve(text);
    const symbol = normalizeSymbol(text);
    if (info) {
      consider(info.symbol);
      if (!current.some((e) => e.symbol === info.symbol)) problems.push(`${info.symbol} is already known as ${info.name}; the name you gave was not used.`);
    } else if (!symbol) {
      problems.push(`"${text}" is not a ticker symbol. Give the symbol with the name, e.g. watchlist add QZLI name:"Quartzline Lithium".`);
    } else {
      consider(symbol, req.name);
    }
  } else {
    for (const g of groupSymbols(req.symbols, universe)) {
      if (!g.info) unknown.push(g.text);
      else if (g.info.delisted) problems.push(delistedLine(g.info, deps));
      else consider(g.info.symbol);
    }
  }

  if (current.length + added.length > WATCHLIST_CAP) {
    const room = WATCHLIST_CAP - current.length;
    return reply('refused', 'Nothing added', [
      `A watchlist holds at most ${WATCHLIST_CAP} tickers. This one has ${current.length}, so ${added.length} more do not fit` +
        (room > 0 ? ` (room for ${room})` : '') +
        '; remove some first.',
    ]);
  }

  const lines: string[] = [];
  if (added.length) lines.push(`Added: ${entriesLabel(added, deps.universe)}`);
  if (already.length) lines.push(`Already on the watchlist: ${already.join(', ')}`);
  lines.push(...problems, ...unknown.map((u) => unknownLine(u, deps)));
  if (unknown.length) {
    const example = normalizeSymbol(unknown[0] ?? '') && !unknown[0]?.includes(' ') ? normalizeSymbol(unknown[0] ?? '') : 'QZLI';
    lines.push(`To watch a company outside the known list, add it with its name: ${spellOf(deps)(`watchlist add ${example} name:"Company Name"`)}`);
  }

  if (added.length === 0) {
    const refused = problems.length > 0 || unknown.length > 0;
    return reply(refused ? 'refused' : 'ok', refused ? 'Nothing added' : 'Watchlist unchanged', lines);
  }
  const sub = await save(existing, [...current, ...added], ctx, deps);
  lines.push(`Watchlist: ${watchlistValue(sub, deps.universe)}`, ...setupNotes(sub, deps));
  return reply('ok', 'Watchlist updated', lines);
}

export async function handleWatchlistRemove(
  req: { symbols: string[] },
  existing: Subscription | undefined,
  ctx: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const current = existing?.watchlist ?? [];
  const universe = channelUniverse(current, deps);
  const removed: WatchEntry[] = [];
  const missing: string[] = [];
  for (const g of groupSymbols(req.symbols, universe)) {
    const symbol = g.info?.symbol ?? normalizeSymbol(g.text);
    const entry = current.find((e) => e.symbol === symbol);
    if (!entry) missing.push(g.text);
    else if (!removed.includes(entry)) removed.push(entry);
  }

  const lines: string[] = [];
  if (removed.length) lines.push(`Removed: ${entriesLabel(removed, universe)}`);
  if (missing.length) lines.push(`Not on the watchlist: ${missing.join(', ')}`);
  if (removed.length === 0) {
    lines.push(`Watchlist: ${watchlistValue(existing, deps.universe)}`);
    return reply('refused', 'Nothing removed', lines);
  }
  const sub = await save(existing, current.filter((e) => !removed.includes(e)), ctx, deps);
  lines.push(`Watchlist: ${watchlistValue(sub, deps.universe)}`);
  return reply('ok', 'Watchlist updated', lines);
}

export function handleWatchlistList(existing: Subscription | undefined, deps: CommandDeps): Reply {
  const list = existing?.watchlist ?? [];
  if (list.length === 0) {
    return reply('ok', 'Watchlist', [`The watchlist is empty. Add tickers with ${spellOf(deps)('watchlist add ALB')}.`]);
  }
  const lines = list.map((e) =>
    deps.universe.get(e.symbol) ? entryLabel(e, deps.universe) : `${entryLabel(e, deps.universe)}, added by name (outside the known list)`,
  );
  lines.push(`${list.length} of ${WATCHLIST_CAP} tickers.`);
  if (!existing?.want) lines.push('Nothing is posted for these while the channel is not subscribed.');
  lines.push(...setupNotes(existing, deps));
  return reply('ok', 'Watchlist', lines);
}
