/**
 * Sentences the command core shows, in one place: the contract suite and the adapters' tests assert them, so a
 * rewording is one edit here. Plain text only; adapters escape.
 */
import type { Want } from '../types.js';

/** What a subscription delivers, matching core/route.ts: a watchlist hit reaches any subscribed channel. */
const WANT_TEXT: Record<Want, string> = {
  'lithium-supply': 'lithium supply stories, plus news naming this channel\u2019s watchlist',
  watchlist: 'only news naming this channel\u2019s watchlist',
  all: 'all matched news (lithium supply, other topics, any tracked company), plus watchlist news',
};

export function describeWant(want: Want): string {
  return `${want} (${WANT_TEXT[want]})`;
}

export const NOT_SUBSCRIBED = 'off: this channel is not subscribed';

export const NEED_MANAGE = 'You need permission to manage this channel to change its alerts.';

export const CONFIG_OWNED =
  'This channel\u2019s alerts are set in the bot\u2019s configuration file, so they cannot be changed from chat. ' +
  'Ask whoever runs the bot.';

export const GENERIC_ERROR = 'Something went wrong on our side. Please try again in a moment.';

/** Neutral command text → how to type it, when the platform has no speller. */
export const defaultSpell = (text: string): string => `/${text}`;
