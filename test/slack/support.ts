/**
 * A running Slack setup for tests: the loopback fake (Web API + response_url + Socket Mode), the real Bolt app in
 * HTTP mode on 127.0.0.1:0, and a way to type `/lithium …` as a user through a signed request.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createSlackAdapter } from '../../src/adapters/slack/adapter.js';
import { createSlackApp, type SlackApp } from '../../src/adapters/slack/app.js';
import { buildApp, type App } from '../../src/app/build.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { loadConfig } from '../../src/config/load.js';
import type { CommandDeps } from '../../src/core/commands/types.js';
import { makeTestDeps, type TestDeps } from '../contract/reference-harness.js';
import { FAKE_BOT_TOKEN, FakeSlack, type ResponseUrlPost } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody, type PostResult, type SignedPostOptions } from '../fakes/slack/slash.js';
import { writeConfigDir } from '../support/loopback-rig.js';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const ADMIN = 'U0ADMIN';
export const MEMBER = 'U0MEMBER';
export const TEAM = 'T0LITHIUM';

export interface SlackRig {
  fake: FakeSlack;
  app: SlackApp;
  deps: TestDeps;
  logger: ReturnType<typeof createMemoryLogger>;
  /** http://127.0.0.1:<port>/slack/events */
  eventsUrl: string;
  baseUrl: string;
  /** Posts a signed `/lithium <text>`; resolves with the HTTP answer and, unless `expectReply` is false, the reply. */
  slash(text: string, o?: SlashOptions): Promise<{ http: PostResult; reply: ResponseUrlPost | undefined; id: string }>;
  close(): Promise<void>;
}

export interface SlashOptions {
  userId?: string;
  channel?: string;
  sign?: Partial<SignedPostOptions>;
  /** Wait for the response_url post (default: only when the request was accepted). */
  expectReply?: boolean;
}

export async function startSlackRig(o: { admins?: string[]; deps?: Partial<CommandDeps> } = {}): Promise<SlackRig> {
  const fake = await FakeSlack.start();
  const deps = Object.assign(makeTestDeps(), o.deps ?? {});
  const logger = createMemoryLogger([FAKE_BOT_TOKEN, SIGNING_SECRET]);
  const app = createSlackApp({
    botToken: FAKE_BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    admins: o.admins ?? [ADMIN],
    port: 0,
    host: '127.0.0.1',
    commandDeps: deps,
    logger,
  });
  try {
    await app.start();
  } catch (e) {
    await fake.close();
    throw e;
  }
  const baseUrl = `http://127.0.0.1:${app.port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  return {
    fake,
    app,
    deps,
    logger,
    eventsUrl,
    baseUrl,
    async slash(text, so = {}) {
      const id = randomUUID();
      const body = slashCommandBody({
        text,
        user_id: so.userId ?? ADMIN,
        user_name: so.userId === MEMBER ? 'mo' : 'ada',
        channel_id: so.channel ?? 'C0ALERTS',
        team_id: TEAM,
        response_url: fake.responseUrl(id),
      });
      const http = await postSigned(eventsUrl, body, { secret: SIGNING_SECRET, ...so.sign });
      const wait = so.expectReply ?? http.status === 200;
      const reply = wait ? await fake.nextResponse(id) : undefined;
      return { http, reply, id };
    },
    async close() {
      await app.stop();
      await fake.close();
    },
  };
}

export interface SlackPipeline {
  /** The app as `start` wires it (SQLite store in `root`, the adapter posting to the fake's Web API). */
  pipeline: App;
  /** The real Bolt app in HTTP mode on 127.0.0.1:0 taking signed slash commands. */
  slackApp: SlackApp;
}

/**
 * The bot's parts started in process against the fake Slack: `<root>/config` with `feedsYaml`, a store in `root`,
 * buildApp with the Slack adapter, and Bolt on the app's stores. `topics` hands the config's topics to commands.
 */
export async function startSlackPipeline(o: {
  root: string;
  fake: FakeSlack;
  feedsYaml: string;
  secret: string;
  logger: ReturnType<typeof createMemoryLogger>;
  topics?: boolean;
}): Promise<SlackPipeline> {
  const { root, fake, secret, logger } = o;
  const dir = writeConfigDir(root, o.feedsYaml);
  const storeUrl = `sqlite://${join(root, 'store.sqlite')}`;
  const config = loadConfig({ dir, env: { STORE_URL: storeUrl, ALLOW_PRIVATE_FEEDS: 'true', SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl } });
  const adapter = createSlackAdapter({ token: FAKE_BOT_TOKEN, apiUrl: config.env.SLACK_API_URL, logger });
  const pipeline = await buildApp(config, { logger, chatAdapters: [adapter], storeUrl, allowPrivate: true });
  const slackApp = createSlackApp({
    botToken: FAKE_BOT_TOKEN,
    signingSecret: secret,
    apiUrl: config.env.SLACK_API_URL,
    port: 0,
    host: '127.0.0.1',
    commandDeps: {
      subscriptions: pipeline.stores.subscriptions,
      alerts: pipeline.stores.alerts,
      feedStates: pipeline.stores.feedStates,
      universe: pipeline.universe,
      clock: pipeline.clock,
      logger,
      ...(o.topics ? { topics: config.topics.map((t) => ({ id: t.id, short: t.short })) } : {}),
    },
    logger,
  });
  try {
    await slackApp.start();
  } catch (e) {
    await pipeline.close();
    throw e;
  }
  return { pipeline, slackApp };
}
