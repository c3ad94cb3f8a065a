/**
 * SLACK_COMMAND: a workspace that created the slash command under another name (the manifest's is /lithium) sets
 * it in the environment; the app built from the environment answers that command and names it in its replies.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAppFromEnv, describeSlack } from '../../src/adapters/slack/index.js';
import type { SlackApp } from '../../src/adapters/slack/app.js';
import { parseEnv } from '../../src/config/env.js';
import { FakeSlack, FAKE_BOT_TOKEN } from '../fakes/slack/fake-slack.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slash.js';
import { visibleText } from '../fakes/slack/visible-text.js';
import { makeTestDeps } from '../contract/reference-harness.js';
import { SIGNING_SECRET } from './support.js';

describe('SLACK_COMMAND', () => {
  let fake: FakeSlack;
  let app: SlackApp;
  beforeAll(async () => {
    fake = await FakeSlack.start();
    const env = parseEnv({ SLACK_BOT_TOKEN: FAKE_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, SLACK_COMMAND: '/metals', PORT: '0' });
    const deps = makeTestDeps();
    app = slackAppFromEnv(env, { commandDeps: deps, logger: deps.logger, host: '127.0.0.1', port: 0 })!;
    await app.start();
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('answers the renamed command and spells it in its help', async () => {
    const id = randomUUID();
    const body = slashCommandBody({ command: '/metals', text: 'help', response_url: fake.responseUrl(id) });
    const http = await postSigned(`http://127.0.0.1:${app.port}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(http.status).toBe(200);
    const text = visibleText((await fake.nextResponse(id))?.body);
    expect(text).toContain('/metals subscribe');
    expect(text).not.toContain('/lithium');
  });

  it('is named in the start-up line, and a malformed name is refused with the variable named', () => {
    expect(describeSlack(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_COMMAND: '/metals' }))).toContain('/metals settings changes');
    expect(parseEnv({ SLACK_COMMAND: '' }).SLACK_COMMAND).toBeUndefined();
    expect(() => parseEnv({ SLACK_COMMAND: 'metals' })).toThrow(/SLACK_COMMAND/);
  });
});
