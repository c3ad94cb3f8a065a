/**
 * /lithium feed end to end on Slack through the CLI: `start` in HTTP mode with the Web API on the fake Slack and a
 * store file; SLACK_ADMINS limits add and remove. A good loopback feed (127.0.0.1 allowed by ALLOW_FEED_ADDRESSES,
 * ALLOW_PRIVATE_FEEDS off) is added as Slack sends a typed link (<url>); a page that is not a feed and a private
 * address are refused; a story in the added feed is then posted without a restart; pause stops its polls and
 * resume starts them again; list and remove work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { visibleText } from '../fakes/slack/visible-text.js';
import { cliEnv, freePort, spawnCli, until } from '../support/cli.js';
import { useLoopbackFakes, writeConfigDir } from '../support/loopback-rig.js';

const rig = useLoopbackFakes('lw-sfeed-', () => FakeSlack.start());
const { root } = rig;
const SECRET = 'feed-signing-secret-0123456789';

const EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>Added Wire</title><link>https://added.example/</link><description>d</description></channel></rss>';

describe('/lithium feed on Slack, end to end through `start`', () => {
  it('adds a good feed, refuses a page and a private address, posts a story from the added feed without a restart', async () => {
    const { fake, feeds } = rig;
    const port = await freePort();
    let story = false;
    feeds.route('/yaml.rss', { body: EMPTY });
    feeds.route('/added.rss', () => ({ body: story ? readFileSync('config/samples/battery-metals.rss') : EMPTY }));
    feeds.route('/page.html', { body: '<!doctype html><html><body>hi</body></html>', contentType: 'text/html' });
    const dir = writeConfigDir(root, `poll:\n  schedule: "*/2 * * * * *"\nfeeds:\n  - { id: yaml-wire, url: "${feeds.url('/yaml.rss')}" }\n`);
    const bot = spawnCli(['start', '--config', dir], cliEnv(root, {
      PORT: String(port), SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, SLACK_ADMINS: 'U0ADMIN',
      STORE_URL: `sqlite://${join(root, 'bot.sqlite')}`, ALLOW_FEED_ADDRESSES: '127.0.0.1', QUOTES_API_URL: 'http://127.0.0.1:9',
    }));
    const url = `http://127.0.0.1:${port}/slack/events`;
    let n = 0;
    const slash = async (text: string, user = 'U0ADMIN'): Promise<string> => {
      const id = `f${++n}`;
      const res = await postSigned(url, slashCommandBody({ text, user_id: user, response_url: fake.responseUrl(id) }), { secret: SECRET });
      expect(res.status).toBe(200);
      await until(() => fake.responsesFor(id).length === 1, 20_000, `the reply to "${text}"`);
      return visibleText(fake.responsesFor(id)[0]!.body);
    };
    try {
      await until(() => bot.stdout.includes(`http: listening on http://127.0.0.1:${port} `), 20_000, () => `the HTTP server\n${bot.stdout}\n${bot.stderr}`);
      await slash('subscribe');

      expect(await slash(`feed add ${feeds.url('/added.rss')}`, 'U0MEMBER')).toContain('You need permission to manage channels');
      expect(await slash(`feed add ${feeds.url('/page.html')}`)).toContain('Not added: not a feed');
      expect(await slash('feed add http://192.168.1.1/rss.xml')).toContain('Not added: private address');
      expect(feeds.hits('/added.rss')).toBe(0);

      const added = await slash(`feed add <${feeds.url('/added.rss')}> lithium`);
      expect(added).toContain('Feed added');
      expect(added).toContain('Added Wire, 0 items now');
      expect(added).toMatch(/Remove it with \/lithium feed remove 127-0-0-1-[0-9a-f]{6}/);
      await until(() => feeds.hits('/added.rss') >= 3, 20_000, 'polls of the added feed');
      story = true;
      await until(() => fake.postsTo('C0ALERTS').some((p) => JSON.stringify(p).includes('Contemporary Amperex Technology (300750.SZ)')), 20_000, 'the CATL post from the added feed');

      const listed = await slash('feed list', 'U0MEMBER');
      expect(listed).toContain('Feeds (1 configured, 1 added from chat)');
      expect(listed).toContain('yaml-wire');
      expect(listed).toContain('config/feeds.yaml, read-only');
      expect(listed).toMatch(/\/added\.rss \[lithium\] · added by ada \(slack\) \d{4}-\d\d-\d\d · ok, polled/);
      expect(await slash('feed add ' + feeds.url('/added.rss'))).toContain('That feed was already added as');

      const id = /127-0-0-1-[0-9a-f]{6}/.exec(added)![0];
      // /lithium feed pause: its polls stop from the next tick while the YAML feed's go on; resume starts them again.
      expect(await slash(`feed pause ${id}`, 'U0MEMBER')).toContain('You need permission to manage channels');
      const paused = await slash(`feed pause <${feeds.url('/added.rss')}>`);
      expect(paused).toContain('Feed paused');
      expect(paused).toContain(`Resume it with /lithium feed resume ${id}`);
      const yamlAtPause = feeds.hits('/yaml.rss');
      await until(() => feeds.hits('/yaml.rss') >= yamlAtPause + 2, 20_000, 'two YAML polls after the pause');
      const whilePaused = feeds.hits('/added.rss');
      await until(() => feeds.hits('/yaml.rss') >= yamlAtPause + 4, 20_000, 'two more YAML polls while paused');
      expect(feeds.hits('/added.rss')).toBe(whilePaused);
      expect(await slash('feed list', 'U0MEMBER')).toMatch(/\/added\.rss \[lithium\] · added by ada \(slack\) \d{4}-\d\d-\d\d · paused/);
      expect(await slash(`feed resume ${id}`)).toContain('Feed resumed');
      await until(() => feeds.hits('/added.rss') >= whilePaused + 2, 20_000, 'polls of the resumed feed');

      expect(await slash(`feed remove ${id}`)).toContain('Feed removed');
      expect(await slash('feed list', 'U0MEMBER')).toContain('Feeds (1 configured, 0 added from chat)');
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
  }, 120_000);
});
