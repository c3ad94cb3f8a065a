/**
 * The Slack ChatHarness for the shared contract suite: commands go in as signed `/lithium` requests to the running
 * Bolt app; posts are whatever the fake Web API received from the real adapter.
 */
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import type { ChatHarness, PostedMessage } from '../contract/chat-adapter.contract.js';
import { messageCanPing, textObjects } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, type PostedMessage as FakePost } from '../fakes/slack/fake-slack.js';
import { visibleBlocks, visibleText } from '../fakes/slack/visible-text.js';
import { ADMIN, MEMBER, TEAM, startSlackRig } from './support.js';

const ADMINS = [ADMIN];

/**
 * True when feed text became live mrkdwn: any `<…>` other than a date token and the headline's own link, or a
 * formatting character (`*` `_` `~` backtick) other than the bold markers around that headline.
 */
export function hasActiveMarkup(body: Record<string, unknown>): boolean {
  return textObjects(body).some(({ type, text }, i) => {
    if (type !== 'mrkdwn') return false;
    let rest = text.replace(/<!date\^[^|>]*\|[^>]*>/g, '');
    // Index 0 is the top-level `text`; index 1 the headline section: `*<url|label>*` or `*label*` is ours.
    if (i === 1) rest = rest.replace(/^\*(?:<https?:\/\/[^|>]+\|([^>]*)>|([^*]*))\*$/, '$1$2');
    return /[<*_~`]/.test(rest);
  });
}

function toPosted(m: FakePost): PostedMessage {
  return {
    text: visibleBlocks(m.blocks),
    canPing: messageCanPing(m.body),
    activeMarkup: hasActiveMarkup(m.body),
    raw: m.body,
  };
}

export async function makeSlackHarness(): Promise<ChatHarness> {
  const rig = await startSlackRig({ admins: ADMINS });
  const adapter = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: rig.fake.apiUrl, logger: rig.logger });
  return {
    platform: 'slack',
    adapter,
    channel: 'C0ALERTS',
    spareChannel: 'C0SPARE',
    workspace: TEAM,
    // Our own caps keep an alert far below this (format.ts CAP); Slack itself allows 50 blocks of 3,000.
    limits: { postText: 6000 },
    async command(text, opts) {
      const userId = opts.canManage
        ? opts.userId && ADMINS.includes(opts.userId) ? opts.userId : ADMIN
        : opts.userId ?? MEMBER;
      if (!opts.canManage && ADMINS.includes(userId)) throw new Error(`harness: ${userId} is an admin`);
      const { http, reply } = await rig.slash(text, { userId, channel: opts.channel ?? 'C0ALERTS' });
      if (http.status !== 200 || !reply) throw new Error(`slash command not accepted: HTTP ${http.status}`);
      return { ephemeral: reply.body.response_type === 'ephemeral', text: visibleText(reply.body) };
    },
    async posted(channel) {
      return rig.fake.postsTo(channel).map(toPosted);
    },
    refuse(channel) {
      rig.fake.refuse(channel, 'not_in_channel');
    },
    close: () => rig.close(),
  };
}
