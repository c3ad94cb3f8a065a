/**
 * Socket Mode and start-up. The real SocketModeReceiver dials the fake (apps.connections.open with the app token,
 * then the websocket it returned), receives a slash_commands envelope, acks it, and answers on the response_url.
 * Mode choice from config, and start() failing clearly on a refused token or an unreachable Slack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../src/adapters/slack/app.js';
import { createMemoryLogger } from '../../src/app/logger.js';
import { describeWant } from '../../src/core/commands/wording.js';
import { makeTestDeps } from '../contract/reference-harness.js';
import { FAKE_APP_TOKEN, FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slack/fake-slack.js';
import { httpRequest } from '../fakes/slack/slash.js';
import { visibleText } from '../fakes/slack/visible-text.js';

describe('slack app in Socket Mode', () => {
  let fake: FakeSlack | undefined;
  let app: SlackApp | undefined;

  afterEach(async () => {
    await app?.stop();
    await fake?.close();
    app = undefined;
    fake = undefined;
  });

  it('connects with the app token, handles a slash_commands envelope, acks it and replies on the response_url', async () => {
    fake = await FakeSlack.start();
    const deps = makeTestDeps();
    const logger = createMemoryLogger([FAKE_BOT_TOKEN, FAKE_APP_TOKEN]);
    app = createSlackApp({
      botToken: FAKE_BOT_TOKEN,
      appToken: FAKE_APP_TOKEN,
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      commandDeps: deps,
      logger,
    });
    expect(app.mode).toBe('socket');
    await app.start();

    expect(fake.callsTo('auth.test').map((c) => c.token)).toEqual([FAKE_BOT_TOKEN]);
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([FAKE_APP_TOKEN]);
    expect(fake.socket.connected).toBe(1);
    const health = await httpRequest(`http://127.0.0.1:${app.port}/healthz`, 'GET', {});
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true, mode: 'socket', connected: true });

    const ack = await fake.socket.sendEnvelope('slash_commands', {
      token: 'x', team_id: 'T0LITHIUM', team_domain: 'lithium', channel_id: 'C0SOCK', channel_name: 'sock',
      user_id: 'U0ANY', user_name: 'ana', command: '/lithium', text: 'subscribe all', api_app_id: 'A0LITHIUM',
      response_url: fake.responseUrl('sock-1'), trigger_id: 't',
    });
    expect(ack.payload).toEqual({});
    const reply = await fake.nextResponse('sock-1');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(visibleText(reply.body)).toContain(describeWant('all'));
    expect((await deps.subscriptions.get({ platform: 'slack', id: 'C0SOCK', workspace: 'T0LITHIUM' }))?.want).toBe('all');

    // A dropped socket turns /healthz to 503 until the client has reconnected.
    fake.socket.dropClients();
    let status = 0;
    for (let i = 0; i < 50 && status !== 503; i++) {
      status = (await httpRequest(`http://127.0.0.1:${app.port}/healthz`, 'GET', {})).status;
      if (status !== 503) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(503);

    await app.stop();
    await fake.socket.waitForNoClient();
    expect(fake.socket.connected).toBe(0);
    app = undefined;
    expect(logger.lines.join('\n')).not.toContain(FAKE_APP_TOKEN);
  });

  it('chooses the mode from config: signing secret → HTTP, app token alone → socket, neither → a clear error', () => {
    const base = { botToken: FAKE_BOT_TOKEN, port: 0, commandDeps: makeTestDeps(), logger: createMemoryLogger() };
    expect(createSlackApp({ ...base, signingSecret: 's', appToken: FAKE_APP_TOKEN }).mode).toBe('http');
    expect(createSlackApp({ ...base, signingSecret: 's', appToken: FAKE_APP_TOKEN, mode: 'socket' }).mode).toBe('socket');
    expect(() => createSlackApp(base)).toThrow(/SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/);
    expect(() => createSlackApp({ ...base, mode: 'http', appToken: FAKE_APP_TOKEN })).toThrow(/needs SLACK_SIGNING_SECRET/);
  });

  it('a rejected bot token fails start() with SLACK_AUTH before anything listens', async () => {
    fake = await FakeSlack.start();
    const bad = createSlackApp({
      botToken: 'xoxb-revoked-000000', signingSecret: 's', apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1',
      commandDeps: makeTestDeps(), logger: createMemoryLogger(),
    });
    await expect(bad.start()).rejects.toMatchObject({ code: 'SLACK_AUTH', message: expect.stringContaining('invalid_auth') });
    expect(bad.port).toBe(0);
  });

  it('a rejected app token fails start() naming SLACK_APP_TOKEN, and leaves no health port open', async () => {
    fake = await FakeSlack.start();
    const bad = createSlackApp({
      botToken: FAKE_BOT_TOKEN, appToken: 'xapp-1-revoked', apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1',
      commandDeps: makeTestDeps(), logger: createMemoryLogger(),
    });
    await expect(bad.start()).rejects.toMatchObject({ code: 'SLACK_AUTH', message: 'Slack rejected SLACK_APP_TOKEN (invalid_auth)' });
    expect(bad.port).toBeGreaterThan(0);
    await expect(httpRequest(`http://127.0.0.1:${bad.port}/healthz`, 'GET', {})).rejects.toThrow(/ECONNREFUSED/);
    await bad.stop(); // stopping what never started is quiet
  });

  it('an unreachable Slack fails start() as SLACK_UNREACHABLE after a few quick retries', async () => {
    const gone = await FakeSlack.start();
    const apiUrl = gone.apiUrl;
    await gone.close();
    const logger = createMemoryLogger();
    const bad = createSlackApp({ botToken: FAKE_BOT_TOKEN, signingSecret: 's', apiUrl, port: 0, host: '127.0.0.1', commandDeps: makeTestDeps(), logger });
    await expect(bad.start()).rejects.toMatchObject({ code: 'SLACK_UNREACHABLE', message: expect.stringContaining('SLACK_BOT_TOKEN') });
    await bad.stop();
    expect(logger.lines.filter((l) => l.includes('stop failed'))).toEqual([]);
  });
});
