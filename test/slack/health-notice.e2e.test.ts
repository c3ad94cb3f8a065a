/**
 * Feed health notices end to end on Slack: the bot started as `start` runs it (in process: Bolt taking signed
 * slash commands on the bot's HTTP server, the Web API on the fake Slack, the poll schedule every second, a SQLite
 * file), `/lithium subscribe`, then the loopback feed fails: after 2 failures one notice, no more while it keeps
 * failing; it recovers: one recovery notice.
 */
import { describe, expect, it } from 'vitest';
import { blockProblems, messageCanPing } from '../fakes/slack/block-limits.js';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { visibleBlocks } from '../fakes/slack/visible-text.js';
import { until } from '../support/cli.js';
import { startInProcess } from '../support/in-process-bot.js';
import { useLoopbackFakes, writeConfigDir } from '../support/loopback-rig.js';
import { healthFeedsYaml, switchableFeed } from '../support/health-feed.js';
import { hasActiveMarkup } from './harness.js';

const rig = useLoopbackFakes('lw-shealth-', () => FakeSlack.start());
const { root } = rig;
const SECRET = 'health-signing-secret-0123456789';
const CHANNEL = 'C0HEALTH';

describe('feed health notices on Slack, through a started bot', () => {
  it('a failing feed: one notice after 2 failures, none while it keeps failing, one when it recovers', async () => {
    const { fake, feeds } = rig;
    const feed = switchableFeed(feeds, '/wire.rss');
    const dir = writeConfigDir(root, healthFeedsYaml(feeds.url('/wire.rss?token=sekrit-feed-token')));
    const bot = startInProcess(root, dir, { SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
    const { lines } = bot;
    const posts = () => fake.postsTo(CHANNEL);
    try {
      await until(() => bot.url !== undefined, 20_000, () => `the HTTP server\n${lines.join('\n')}`);
      const res = await postSigned(`${bot.url}/slack/events`, slashCommandBody({ text: 'subscribe', channel_id: CHANNEL, response_url: fake.responseUrl('sub') }), { secret: SECRET });
      expect(res.status).toBe(200);
      await until(() => fake.responsesFor('sub').length === 1, 10_000, 'the subscribe reply');

      await feed.fail();
      await until(() => posts().length >= 1, 30_000, 'the failing notice');
      const after = feeds.hits('/wire.rss');
      await until(() => feeds.hits('/wire.rss') >= after + 3, 30_000, 'three more failed polls');
      expect(posts()).toHaveLength(1);
      const notice = posts()[0]!;
      expect(blockProblems(notice.blocks)).toEqual([]);
      expect(messageCanPing(notice.body)).toBe(false);
      expect(hasActiveMarkup(notice.body)).toBe(false);
      const visible = visibleBlocks(notice.blocks);
      for (const s of ['Feed failing', 'Wire @everyone (wire)', '127.0.0.1', 'Last error: HTTP', 'answered HTTP 503', 'next attempt not before']) expect(visible).toContain(s);
      expect(JSON.stringify(notice.body)).not.toContain('sekrit');
      expect(JSON.stringify(notice.body)).not.toContain('wire.rss');

      await feed.recover();
      await until(() => posts().length >= 2, 30_000, 'the recovery notice');
      const ok = feeds.hits('/wire.rss');
      await until(() => feeds.hits('/wire.rss') >= ok + 3, 30_000, 'three more good polls');
      expect(posts()).toHaveLength(2);
      expect(visibleBlocks(posts()[1]!.blocks)).toContain('Feed working again');
      expect(messageCanPing(posts()[1]!.body)).toBe(false);
    } finally {
      await bot.stop();
    }
    expect(lines).toContain('stopped');
  }, 120_000);
});
