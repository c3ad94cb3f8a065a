/**
 * What every delivered alert must satisfy whatever the feed said: nobody pinged, no live mention or markup on
 * any platform, within each platform's limits, and no terminal control sequence on the console.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { APIEmbed } from 'discord.js';
import { expect } from 'vitest';
import { couldPing, hasLiveMentionSyntax, validateMessageBody } from '../fakes/discord/validate.js';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { hasActiveMarkup as discordActiveMarkup } from '../discord/support.js';
import { hasActiveMarkup as slackActiveMarkup } from '../slack/harness.js';
import { openStores } from '../../src/store/open.js';
import type { Rig } from './rig.js';
import { DISCORD_CHANNEL, SLACK_CHANNEL } from './rig.js';

// Controls a terminal acts on: C0 except newline, DEL, C1 (CSI 0x9b included); bidi overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface Seen {
  discord: number;
  slack: number;
  console: number;
}

/** How many messages each output holds now. */
export function counts(rig: Rig): Seen {
  return { discord: rig.discord.channelMessages(DISCORD_CHANNEL).length, slack: rig.slack.postsTo(SLACK_CHANNEL).length, console: rig.consoleOut.length };
}

/** Checks every message delivered since `from` on each platform. */
export function checkDelivered(rig: Rig, from: Seen = { discord: 0, slack: 0, console: 0 }): void {
  const discordMsgs = rig.discord.channelMessages(DISCORD_CHANNEL);
  for (const m of discordMsgs.slice(from.discord)) {
    const body = m.body;
    const embeds = (body.embeds ?? []) as APIEmbed[];
    expect(couldPing(body), 'discord: could ping').toBe(false);
    expect(hasLiveMentionSyntax(body), `discord: live mention syntax in ${JSON.stringify(body).slice(0, 300)}`).toBe(false);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(validateMessageBody(body)).toEqual([]);
    expect(discordActiveMarkup(embeds), `discord: active markup in ${JSON.stringify(embeds).slice(0, 300)}`).toBe(false);
    const json = JSON.stringify(body);
    expect(BIDI.test(json), 'discord: bidi control').toBe(false);
    const texts = embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.author?.name ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
    expect(texts.some((t) => LONE_SURROGATE.test(t)), 'discord: lone surrogate').toBe(false);
  }
  const slackMsgs = rig.slack.postsTo(SLACK_CHANNEL);
  for (const m of slackMsgs.slice(from.slack)) {
    expect(messageCanPing(m.body), 'slack: can ping').toBe(false);
    expect(slackActiveMarkup(m.body), `slack: active markup in ${JSON.stringify(m.body).slice(0, 300)}`).toBe(false);
    expect(blockProblems(m.blocks)).toEqual([]);
    expect(m.body.link_names).toBe(false);
    // The fallback `text` is mrkdwn too: no `<` survives unescaped there.
    expect(String(m.text)).not.toMatch(/<[!@#]/);
    expect(BIDI.test(JSON.stringify(m.body)), 'slack: bidi control').toBe(false);
  }
  for (const t of rig.consoleOut.slice(from.console)) {
    expect(TERMINAL_UNSAFE.test(t), `console: control character in ${JSON.stringify(t).slice(0, 300)}`).toBe(false);
  }
}

/** The store still opens, lists, and agrees with itself: nothing pending or dead, seen ids cover every alert's item. */
export async function checkStore(rig: Rig): Promise<void> {
  const again = await openStores(rig.storeUrl);
  try {
    expect((await again.subscriptions.list()).map((s) => s.channel.platform).sort()).toEqual(['console', 'discord', 'slack']);
    expect(await again.outbox.list('pending')).toEqual([]);
    expect((await again.outbox.list('dead')).map((e) => e.lastError)).toEqual([]);
    const states = await again.feedStates.list();
    expect(states.length).toBeGreaterThan(0);
    for (const s of states) expect(s.feedId).toMatch(/^[A-Za-z0-9._-]+$/);
  } finally {
    await again.close();
  }
}

// A full collection before each reading, so the numbers are live memory rather than garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Live heap and resident set size, in MB, after a full garbage collection. */
export function memory(): { heapMB: number; rssMB: number } {
  collect();
  const m = process.memoryUsage();
  return { heapMB: Math.round(m.heapUsed / 1048576), rssMB: Math.round(m.rss / 1048576) };
}
