/** The REST routes of the fake Discord, as pure functions of (state, request) → reply. */
import type { FakeDiscord } from './fake-discord.js';
import { REFUSALS, type FaultAction, type RecordedRequest } from './faults.js';
import { messageObject, snowflake } from './payloads.js';
import { isEmptyMessage, validateMessageBody } from './validate.js';
import { routeThreads } from './thread-routes.js';

export type Reply =
  | { kind: 'json'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'hang' };

const json = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({ kind: 'json', status, body, headers });
const apiError = (status: number, code: number, message: string, extra: Record<string, unknown> = {}): Reply =>
  json(status, { message, code, ...extra });

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function rateLimited(a: Extract<FaultAction, { kind: 'rate-limit' }>): Reply {
  return json(
    429,
    { message: 'You are being rate limited.', retry_after: a.retryAfterSec, global: a.global ?? false },
    {
      'retry-after': String(a.retryAfterSec),
      // As Discord does: the bucket is empty until the reset, so a client pauses every request in it.
      ...(a.global ? {} : { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(a.retryAfterSec) }),
      'x-ratelimit-scope': a.global ? 'global' : 'user',
      ...(a.global ? { 'x-ratelimit-global': 'true' } : {}),
    },
  );
}

function invalidForm(errors: { path: string; message: string }[]): Reply {
  return apiError(400, 50035, 'Invalid Form Body', {
    errors: Object.fromEntries(errors.map((e) => [e.path, { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: e.message }] }])),
  });
}

function postMessage(fake: FakeDiscord, channelId: string, req: RecordedRequest, commitOnly: boolean): Reply {
  const refusal = fake.refused.get(channelId);
  if (refusal) {
    const r = REFUSALS[refusal];
    return apiError(r.status, r.code, r.message);
  }
  if (fake.guild.channels.some((c) => c.id === channelId && c.type === 15)) return apiError(400, 50008, 'Cannot send messages in a non-text channel');
  if (!fake.isKnownChannel(channelId)) return apiError(404, 10003, 'Unknown Channel');
  const body = asObject(req.body);
  const errors = validateMessageBody(body);
  if (errors.length) return invalidForm(errors);
  if (isEmptyMessage(body)) return apiError(400, 50006, 'Cannot send an empty message');
  const list = fake.messages.get(channelId) ?? [];
  const nonce = body.nonce as string | number | undefined;
  if (nonce !== undefined && body.enforce_nonce === true) {
    // Discord: with enforce_nonce, the same nonce within a few minutes returns the message already created.
    const dup = list.find((m) => m.nonce === nonce && Date.now() - m.at < fake.nonceWindowMs);
    if (dup) return json(200, messageObject(dup.id, channelId, fake.bot, dup.body));
  }
  const id = snowflake();
  list.push({ id, channelId, body, nonce, at: Date.now() });
  fake.messages.set(channelId, list);
  if (commitOnly) return { kind: 'hang' };
  return json(200, messageObject(id, channelId, fake.bot, body));
}

/** PATCH /channels/{id}/messages/{mid}: the same limits as a post; the fields sent replace the stored ones. */
function editMessage(fake: FakeDiscord, channelId: string, messageId: string, req: RecordedRequest): Reply {
  const refusal = fake.refused.get(channelId);
  if (refusal) {
    const r = REFUSALS[refusal];
    return apiError(r.status, r.code, r.message);
  }
  if (!fake.isKnownChannel(channelId)) return apiError(404, 10003, 'Unknown Channel');
  const msg = (fake.messages.get(channelId) ?? []).find((x) => x.id === messageId);
  if (!msg) return apiError(404, 10008, 'Unknown Message');
  const body = asObject(req.body);
  const errors = validateMessageBody(body);
  if (errors.length) return invalidForm(errors);
  const merged = { ...msg.body, ...body };
  if (isEmptyMessage(merged)) return apiError(400, 50006, 'Cannot send an empty message');
  msg.body = merged;
  msg.edits = (msg.edits ?? 0) + 1;
  return json(200, { ...messageObject(msg.id, channelId, fake.bot, merged), edited_timestamp: new Date().toISOString() });
}

function interactionCallback(fake: FakeDiscord, id: string, token: string, req: RecordedRequest): Reply {
  const issued = fake.issued.get(id);
  if (!issued || issued.token !== token) return apiError(404, 10062, 'Unknown interaction');
  if (issued.answered) return apiError(400, 40060, 'Interaction has already been acknowledged.');
  const body = asObject(req.body) as { type: number; data?: Record<string, unknown> };
  if (body.data) {
    const errors = validateMessageBody(body.data);
    if (errors.length) return invalidForm(errors.map((e) => ({ ...e, path: `data.${e.path}` })));
  }
  issued.answered = true;
  fake.recordCallback({ interactionId: id, token, body, ...(req.files ? { files: req.files } : {}) });
  if (req.query.with_response === 'true') {
    return json(200, {
      interaction: { id, type: 2, activity_instance_id: null, response_message_id: null, response_message_loading: false, response_message_ephemeral: false },
      resource: { type: body.type, message: body.data ? messageObject(snowflake(), '0', fake.bot, body.data) : undefined },
    });
  }
  return json(204);
}

function putCommands(fake: FakeDiscord, key: string, req: RecordedRequest): Reply {
  if (!Array.isArray(req.body)) return apiError(400, 50035, 'Invalid Form Body');
  const stored = (req.body as unknown[]).map((c) => ({
    id: snowflake(),
    application_id: fake.applicationId,
    version: snowflake(),
    ...(key === 'global' ? {} : { guild_id: key }),
    ...asObject(c),
  }));
  fake.commands.set(key, stored);
  return json(200, stored);
}

/** Routes one recorded request; `fault` (if any) replaces the normal answer. */
export function routeRequest(fake: FakeDiscord, req: RecordedRequest, fault: FaultAction | undefined): Reply {
  const { method, path } = req;
  const isInteraction = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
  if (!isInteraction && req.headers.authorization !== `Bot ${fake.token}`) return apiError(401, 0, '401: Unauthorized');

  if (fault) {
    switch (fault.kind) {
      case 'status':
        return json(fault.status, fault.body ?? { message: `${fault.status}: injected`, code: 0 }, fault.headers);
      case 'rate-limit':
        return rateLimited(fault);
      case 'reset':
        return { kind: 'reset' };
      case 'hang':
        return { kind: 'hang' };
      case 'commit-then-hang':
        break; // handled by the message route below
    }
  }

  if (method === 'GET' && path === '/gateway/bot') {
    return json(200, {
      url: fake.wsUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    });
  }
  if (method === 'GET' && path === '/gateway') return json(200, { url: fake.wsUrl });
  if (method === 'GET' && path === '/users/@me') return json(200, fake.bot);

  let m = /^\/channels\/(\d+)\/messages$/.exec(path);
  if (m && method === 'POST') return postMessage(fake, m[1]!, req, fault?.kind === 'commit-then-hang');

  m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
  if (m && method === 'PATCH') return editMessage(fake, m[1]!, m[2]!, req);

  const threaded = routeThreads(fake, req, fault?.kind === 'commit-then-hang');
  if (threaded) return threaded;

  m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
  if (m && method === 'POST') return interactionCallback(fake, m[1]!, m[2]!, req);

  m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
  if (m && (method === 'POST' || method === 'PATCH')) {
    const data = asObject(req.body);
    const errors = validateMessageBody(data);
    if (errors.length) return invalidForm(errors);
    return json(200, messageObject(snowflake(), '0', fake.bot, data));
  }

  m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
  if (m) {
    if (m[1] !== fake.applicationId) return apiError(403, 50001, 'Missing Access');
    const key = m[2] ?? 'global';
    if (method === 'PUT') return putCommands(fake, key, req);
    if (method === 'GET') return json(200, fake.commands.get(key) ?? []);
  }
  return apiError(404, 0, '404: Not Found');
}
