/**
 * The text form of the commands (Slack `/lithium <text>`), written once: /help lists these lines and the parser's
 * usage messages quote them, so what help says is what the parser takes (test/commands/help-definitions.test.ts).
 * Platforms with typed options (Discord) generate their help from their own registered definitions instead.
 */
import type { Verb } from './types.js';

export interface HelpEntry {
  verb: Verb;
  /** Neutral text as typed after the command: [optional], a|b alternatives, <placeholders>. */
  usage: string;
  summary: string;
}

/** The word that makes `unsubscribe` delete the watchlist too. */
export const DROP_WATCHLIST = 'drop-watchlist';

export const TEXT_HELP: readonly HelpEntry[] = [
  { verb: 'subscribe', usage: 'subscribe [lithium-supply|watchlist|all]', summary: 'post alerts in this channel (lithium-supply by default)' },
  {
    verb: 'subscribe',
    usage: 'subscribe lithium-supply digest daily 08:00 Europe/London quiet 22:00-07:00',
    summary: 'a daily (or hourly) digest instead of each alert, with optional quiet hours',
  },
  { verb: 'unsubscribe', usage: `unsubscribe [${DROP_WATCHLIST}]`, summary: 'stop alerts here; the watchlist is kept unless you drop it' },
  { verb: 'watchlist', usage: 'watchlist add <tickers…> [name:"Company"]', summary: 'watch tickers, e.g. ALB, $SQM, PLS.AX, 300750.SZ, albemarle' },
  { verb: 'watchlist', usage: 'watchlist remove <tickers…>', summary: 'stop watching tickers' },
  { verb: 'watchlist', usage: 'watchlist list', summary: "this channel's tickers" },
  { verb: 'threads', usage: 'threads on [broadcast]', summary: 'later reports of a story as replies in a thread under its alert (broadcast: shown in the channel too)' },
  { verb: 'threads', usage: 'threads off', summary: 'later reports edit the story\u2019s alert in place (the default)' },
  { verb: 'ticker', usage: 'ticker <symbol>', summary: "a ticker's latest move" },
  { verb: 'status', usage: 'status', summary: "this channel's setup, feed health and last alert" },
  { verb: 'filter', usage: 'filter tickers <tickers…>', summary: 'post here only stories naming one of these tickers' },
  { verb: 'filter', usage: 'filter move <pct>', summary: 'only stories with a share-price move of at least pct %, up or down' },
  { verb: 'filter', usage: 'filter topics|sources <words…>', summary: 'only these topics (supply), or outlets, feed ids or feed tags (reuters)' },
  { verb: 'filter', usage: 'filter include|exclude <phrases…>', summary: 'only stories with (or without) one of these whole-word phrases, e.g. "mine closure", suspen*' },
  { verb: 'filter', usage: 'filter clear [tickers|move|topics|sources|include|exclude]', summary: 'remove one filter, or all' },
  { verb: 'filter', usage: 'filter', summary: "this channel's filters" },
  { verb: 'mention', usage: 'mention <group> [supply] [move <pct>]', summary: 'mention a user group (@handle, <!subteam^ID|name> or its ID) on alerts, optionally supply stories or big moves only' },
  { verb: 'mention', usage: 'mention clear|show', summary: 'stop mentioning, or show who is mentioned' },
  { verb: 'feed', usage: 'feed add <url> [tags…]', summary: 'poll another RSS or Atom feed (fetched once first; admins)' },
  { verb: 'feed', usage: 'feed remove <id|url>', summary: 'stop polling a feed added from chat (admins)' },
  { verb: 'feed', usage: 'feed pause|resume <id|url>', summary: 'stop polling a feed for now, or start again; config feeds too (admins)' },
  { verb: 'feed', usage: 'feed list', summary: 'every feed polled, with its health' },
];

/** The usage of one verb's text form, for the parser's refusals. */
export function textUsage(verb: Verb): string {
  return TEXT_HELP.filter((e) => e.verb === verb && !e.usage.includes(' digest '))
    .map((e) => e.usage)
    .join(' or ');
}

/** Who may change settings, when the platform does not say: the permission every adapter checks by default. */
export const DEFAULT_POLICY = 'Changing settings needs permission to manage the channel; lookups are open to everyone.';
