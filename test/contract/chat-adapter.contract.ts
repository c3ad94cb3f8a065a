/**
 * The one suite every chat adapter passes (Discord, Slack, and the in-memory reference). A platform's test file
 * calls `describeChatAdapterContract('discord', makeHarness)`; the harness drives the platform's REAL inbound path
 * (gateway interaction, signed HTTP request) and reads what its loopback fake received. Assertions only use words
 * the command core writes (src/core/commands/wording.ts) and the figure labels of the alert view, never markup.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../src/core/errors.js';
import type { ChatAdapter } from '../../src/core/ports.js';
import type { ChannelRef } from '../../src/core/types.js';
import { describeWant, NEED_MANAGE } from '../../src/core/commands/wording.js';
import { CATL_FIGURE_LABELS, CATL_LINK, CATL_TITLE, catlDelivery, hostileDelivery } from './fixtures.js';

export interface CommandOutcome {
  /** True when only the user who typed the command could see the reply. */
  ephemeral: boolean;
  /** The reply flattened to visible text (title, lines, field labels and values, link labels), markup removed. */
  text: string;
}

export interface PostedMessage {
  /** Visible text of the post: title, description, fields ("label value"), footer; markup and escapes removed. */
  text: string;
  /**
   * True when the payload could notify anyone. Discord: allowed_mentions absent, or its parse/users/roles non-empty.
   * Slack: the sent text or blocks contain an active <!channel>, <!here>, <!everyone>, <@U…>, <#C…> or <!subteam^…>.
   */
  canPing: boolean;
  /**
   * Optional: true when feed text produced markup the platform would render (bold, a masked or mrkdwn link that
   * is not the alert's own link). Asserted false when the harness reports it.
   */
  activeMarkup?: boolean | undefined;
  /** The request body the fake received, for links and platform-specific checks. */
  raw: unknown;
}

export interface ChatHarness {
  /** 'discord' | 'slack' | 'reference': used as ChannelRef.platform for deliveries. */
  platform: string;
  adapter: ChatAdapter;
  /** A channel the fake platform knows and accepts posts in; commands default to it. */
  channel: string;
  /** A second channel the fake knows, used by the refusal test (the suite refuses it). */
  spareChannel: string;
  /** Discord guild / Slack team id of both channels, when the platform has one. */
  workspace?: string | undefined;
  /** The most visible characters one post can hold as flattened by `posted` (Discord: 6,000 embed characters). */
  limits: { postText: number };
  /**
   * Send a slash command through the platform's real inbound path as a user with or without the right to manage
   * the channel; resolve with what that user was shown. `text` is the neutral form parsed by parseCommandText
   * (src/core/commands/parse.ts): "subscribe all", "unsubscribe drop-watchlist", "watchlist add ALB",
   * 'watchlist add QZLI name:"Quartzline Lithium"', "ticker ALB", "status". Discord harnesses can translate it with
   * commandOptionsOf(parseCommandText(text)); Slack harnesses send it as the text of `/lithium`.
   */
  command(text: string, opts: { canManage: boolean; channel?: string; userId?: string }): Promise<CommandOutcome>;
  /** Everything the fake platform received as posts to `channel`, oldest first. */
  posted(channel: string): Promise<PostedMessage[]>;
  /** Make the fake refuse posts to `channel` from now on (Discord 403 Missing Access, Slack not_in_channel). */
  refuse(channel: string): void;
  close(): Promise<void>;
}

export function describeChatAdapterContract(name: string, makeHarness: () => Promise<ChatHarness>): void {
  describe(`chat adapter contract: ${name}`, () => {
    let h: ChatHarness;
    const admin = { canManage: true };
    const member = { canManage: false };
    const ref = (id: string): ChannelRef => ({ platform: h.platform, id, workspace: h.workspace });

    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(async () => {
      await h?.close();
    });
    // Each test starts from a channel with no subscription and no watchlist, whatever ran before.
    beforeEach(async () => {
      const r = await h.command('unsubscribe drop-watchlist', admin);
      expect(r.text).not.toContain(NEED_MANAGE);
    });

    it('subscribe replies ephemerally with the channel setup, and re-subscribing changes it', async () => {
      const first = await h.command('subscribe', admin);
      expect(first.ephemeral).toBe(true);
      expect(first.text).toContain('Subscribed');
      expect(first.text).toContain(describeWant('lithium-supply'));

      const changed = await h.command('subscribe all', admin);
      expect(changed.ephemeral).toBe(true);
      expect(changed.text).toContain(describeWant('all'));
      expect(changed.text).not.toContain(describeWant('lithium-supply'));

      const status = await h.command('status', member);
      expect(status.text).toContain(describeWant('all'));
    });

    it('watchlist add ALB, then list shows ALB with its company name', async () => {
      const added = await h.command('watchlist add ALB', admin);
      expect(added.ephemeral).toBe(true);
      expect(added.text).toContain('Added: ALB (Albemarle)');

      const list = await h.command('watchlist list', member);
      expect(list.text).toContain('ALB');
      expect(list.text).toContain('Albemarle');
      expect(list.text).not.toContain('empty');
    });

    it('an unknown symbol is refused with a suggestion and nothing is added', async () => {
      const r = await h.command('watchlist add ALBB', admin);
      expect(r.ephemeral).toBe(true);
      expect(r.text).toContain('ALBB');
      expect(r.text).toContain('Did you mean ALB?');

      const list = await h.command('watchlist list', admin);
      expect(list.text).not.toContain('ALBB');
      expect(list.text).toContain('The watchlist is empty');
    });

    it('add with a company name takes one symbol outside the universe', async () => {
      const r = await h.command('watchlist add QZLI name:"Quartzline Lithium"', admin);
      expect(r.text).toContain('Added: QZLI (Quartzline Lithium)');
      const list = await h.command('watchlist list', member);
      expect(list.text).toContain('QZLI');
      expect(list.text).toContain('Quartzline Lithium');
    });

    it('a user without the right to manage the channel is refused, ephemerally, and nothing changes', async () => {
      await h.command('subscribe lithium-supply', admin);
      await h.command('watchlist add ALB', admin);
      const before = [await h.command('status', member), await h.command('watchlist list', member)];

      for (const text of ['subscribe all', 'unsubscribe drop-watchlist', 'watchlist add SQM', 'watchlist remove ALB']) {
        const r = await h.command(text, { canManage: false, userId: 'U0MEMBER1' });
        expect(r.ephemeral, text).toBe(true);
        expect(r.text, text).toContain(NEED_MANAGE);
      }

      const after = [await h.command('status', member), await h.command('watchlist list', member)];
      expect(after).toEqual(before);
      expect(after[0]?.text).toContain(describeWant('lithium-supply'));
      expect(after[1]?.text).toContain('ALB');
    });

    it('ticker, status and help are open to everyone', async () => {
      for (const text of ['ticker ALB', 'status', 'help']) {
        const r = await h.command(text, member);
        expect(r.text, text).not.toContain(NEED_MANAGE);
      }
      expect((await h.command('ticker ALB', member)).text).toContain('ALB');
      expect((await h.command('help', member)).text).toContain('watchlist add');
    });

    it('sends the CATL alert as one post with its headline, link, figures and tickers, pinging nobody', async () => {
      const before = (await h.posted(h.channel)).length;
      const sent = await h.adapter.send(catlDelivery(ref(h.channel)));
      expect(sent.messageId).toMatch(/\S/);

      const posts = await h.posted(h.channel);
      expect(posts).toHaveLength(before + 1);
      const post = posts.at(-1)!;
      expect(post.text).toContain(CATL_TITLE);
      for (const label of CATL_FIGURE_LABELS) expect(post.text).toContain(label);
      expect(post.text).toContain('300750.SZ');
      expect(JSON.stringify(post.raw)).toContain(CATL_LINK);
      expect(post.canPing).toBe(false);
    });

    it('a hostile 10,000-character headline posts cut to the platform limits and pings nobody', async () => {
      const before = (await h.posted(h.channel)).length;
      await h.adapter.send(hostileDelivery(ref(h.channel)));

      const posts = await h.posted(h.channel);
      expect(posts).toHaveLength(before + 1);
      const post = posts.at(-1)!;
      expect(post.canPing).toBe(false);
      if (post.activeMarkup !== undefined) expect(post.activeMarkup).toBe(false);
      expect(post.text).toContain('bold');
      expect(post.text.length).toBeLessThanOrEqual(h.limits.postText);
      expect(post.text.length).toBeLessThan(10_000);
    });

    it('a channel that refuses posts makes send reject with PermanentDeliveryError and posts nothing', async () => {
      const ok = await h.adapter.send(catlDelivery(ref(h.spareChannel)));
      expect(ok.messageId).toMatch(/\S/);
      const before = (await h.posted(h.spareChannel)).length;

      h.refuse(h.spareChannel);
      await expect(h.adapter.send(catlDelivery(ref(h.spareChannel)))).rejects.toBeInstanceOf(PermanentDeliveryError);
      expect(await h.posted(h.spareChannel)).toHaveLength(before);
    });
  });
}
