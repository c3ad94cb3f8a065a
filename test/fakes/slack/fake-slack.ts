/**
 * A loopback fake of the Slack Web API, response_url endpoints and (optionally) Socket Mode, speaking Slack's real
 * wire format: `POST /api/<method>` with a form-encoded or JSON body and a Bearer token, answered with
 * `{ ok: true, ... }` or `{ ok: false, error }` (HTTP 200), or 429 + Retry-After. Every call is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { conversationsHistory, conversationsReplies, threadOf } from './history.js';
import { answerFault, type Fault, type SlackCall } from './faults.js';
import { FakeSlackFiles } from './files.js';
import { postMessage, updateMessage, type PostedMessage, type RefusalCode } from './messages.js';
import { FakeSocketMode } from './socket-mode.js';
import { usergroupsList, type FakeUsergroup } from './usergroups.js';
import { parseBody, readBytes, send } from './wire.js';

export type { Fault, FakeUsergroup, PostedMessage, RefusalCode, SlackCall };

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
}

export const FAKE_BOT_TOKEN = 'xoxb-0000-fake-bot-token';
export const FAKE_APP_TOKEN = 'xapp-1-fake-app-token';

const BOT_METHODS = new Set([
  'chat.postMessage', 'chat.update', 'chat.postEphemeral', 'auth.test', 'conversations.history', 'conversations.replies',
  'files.getUploadURLExternal', 'files.completeUploadExternal', 'usergroups.list',
]);

/** What the fake's bot token was granted; conversations.history needs channels:history (groups:history for private). */
export const DEFAULT_SCOPES: readonly string[] = ['commands', 'chat:write', 'channels:history', 'groups:history', 'files:write', 'usergroups:read'];

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly messages: PostedMessage[] = [];
  readonly socket: FakeSocketMode;
  /** Files uploaded through files.uploadV2's three steps (files.ts). */
  readonly files = new FakeSlackFiles(() => this.baseUrl);
  /** Called for every API call before normal handling; return a fault to inject it (issue 7's fault tests). */
  faultPolicy: ((method: string, body: Record<string, unknown>) => Fault | undefined) | undefined;

  /** The workspace's user groups, as usergroups.list lists them (usergroups.ts). */
  readonly usergroups: FakeUsergroup[] = [];

  /** Scopes of the bot token; remove one to see how the app copes with a refusal (missing_scope). */
  readonly scopes = new Set<string>(DEFAULT_SCOPES);
  private readonly refusals = new Map<string, RefusalCode>();
  private readonly queued = new Map<string, Fault[]>();
  private readonly waiters = new Set<() => void>();
  private readonly sockets = new Set<Socket>();
  private seq = 0;
  private port = 0;

  private readonly server: Server;

  private constructor(readonly opts: Required<FakeSlackOptions>) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.socket = new FakeSocketMode(this.server, opts.appToken);
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack({
      botToken: options.botToken ?? FAKE_BOT_TOKEN,
      appToken: options.appToken ?? FAKE_APP_TOKEN,
      teamId: options.teamId ?? 'T0LITHIUM',
      botUserId: options.botUserId ?? 'U0BOT',
      botId: options.botId ?? 'B0BOT',
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Web API base, as SLACK_API_URL / WebClient's slackApiUrl (trailing slash included). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url for one slash command; what the app posts there lands in `responses`. */
  responseUrl(id: string): string {
    return `${this.baseUrl}/commands/T0LITHIUM/${encodeURIComponent(id)}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  postsTo(channel: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  /** The channel's top-level posts (not thread replies). */
  topLevelPosts(channel: string): PostedMessage[] {
    return this.postsTo(channel).filter((m) => !threadOf(m));
  }

  /** Replies posted under the message `ts` in `channel` (chat.postMessage with thread_ts), oldest first. */
  repliesTo(channel: string, ts: string): PostedMessage[] {
    return this.postsTo(channel).filter((m) => threadOf(m) === ts);
  }

  responsesFor(id: string): ResponseUrlPost[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Posts to `channel` answer `code` (as Slack does when the bot was removed or the channel archived). */
  refuse(channel: string, code: RefusalCode = 'not_in_channel'): void {
    this.refusals.set(channel, code);
  }

  allow(channel: string): void {
    this.refusals.delete(channel);
  }

  /** The next `count` calls to `method` get `fault`. */
  injectFault(method: string, fault: Fault, count = 1): void {
    const q = this.queued.get(method) ?? [];
    for (let i = 0; i < count; i++) q.push(fault);
    this.queued.set(method, q);
  }

  /** The next `count` calls to `method` answer 429 with `Retry-After: retryAfterSec`. */
  rateLimitNext(method: string, retryAfterSec = 1, count = 1): void {
    this.injectFault(method, { kind: 'ratelimit', retryAfterSec }, count);
  }

  /** Resolves once `check()` holds, re-checked on every recorded call or response; rejects after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const waiter = () => {
        const v = check();
        if (v) {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`FakeSlack.waitFor: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The first response posted to the response_url with this id. */
  async nextResponse(id: string, timeoutMs = 5000): Promise<ResponseUrlPost> {
    return this.waitFor(() => this.responsesFor(id)[0], timeoutMs);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.messages.length = 0;
    this.files.uploads.length = 0;
    this.refusals.clear();
    this.queued.clear();
    this.scopes.clear();
    for (const sc of DEFAULT_SCOPES) this.scopes.add(sc);
    this.faultPolicy = undefined;
  }

  async close(): Promise<void> {
    await this.socket.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBytes(req);
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const upload = /^\/upload\/v1\/([A-Z0-9]+)$/.exec(url.pathname);
    if (req.method === 'POST' && upload?.[1]) {
      const out = this.files.receive(upload[1], bytes, req.headers['content-type']);
      res.writeHead(out.status, { 'content-type': 'text/plain' }).end(out.text);
      this.notify();
      return;
    }
    const { body, contentType } = parseBody(raw, req.headers['content-type']);
    if (req.method === 'POST' && url.pathname.startsWith('/commands/')) {
      const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
      this.responses.push({ id, body });
      send(res, 200, { ok: true });
      this.notify();
      return;
    }
    const m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (req.method !== 'POST' && req.method !== 'GET') return send(res, 405, { ok: false, error: 'method_not_allowed' });
    if (!m?.[1]) return send(res, 404, { ok: false, error: 'unknown_method' });
    const method = m[1];
    const auth = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
    const token = auth?.[1] ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: SlackCall = { method, token, body, contentType, status: 0, response: undefined };
    this.calls.push(call);

    const fault = this.queued.get(method)?.shift() ?? this.faultPolicy?.(method, body);
    if (fault && fault.kind !== 'delay') {
      answerFault(res, call, fault);
    } else {
      const out = this.answer(method, token, body);
      call.status = 200;
      call.response = out;
      if (fault) setTimeout(() => !res.destroyed && send(res, 200, out), fault.ms);
      else send(res, 200, out);
    }
    this.notify();
  }

  private answer(method: string, token: string | undefined, body: Record<string, unknown>): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (!token) return { ok: false, error: 'not_authed' };
      if (token === this.opts.botToken) return { ok: false, error: 'not_allowed_token_type' };
      if (token !== this.opts.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: this.socket.url(this.baseUrl) };
    }
    if (!BOT_METHODS.has(method)) return { ok: false, error: 'unknown_method' };
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== this.opts.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://lithium-test.slack.com/',
          team: 'Lithium Test',
          user: 'lithium-wire',
          team_id: this.opts.teamId,
          user_id: this.opts.botUserId,
          bot_id: this.opts.botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return this.post(body);
      case 'chat.update':
        return updateMessage(this.messages, body, this.refusals);
      case 'conversations.history':
        return this.history(body);
      case 'files.getUploadURLExternal':
        if (!this.scopes.has('files:write')) return { ok: false, error: 'missing_scope', needed: 'files:write', provided: [...this.scopes].join(',') };
        return this.files.getUploadUrl(body);
      case 'files.completeUploadExternal':
        return this.files.complete(body, typeof body.channel_id === 'string' ? this.refusals.get(body.channel_id) : undefined);
      case 'conversations.replies':
        return this.history(body, true);
      case 'usergroups.list':
        return usergroupsList(this.usergroups, body, this.scopes, this.opts.teamId);
    }
    return { ok: false, error: 'unknown_method' };
  }

  private post(body: Record<string, unknown>): Record<string, unknown> {
    // Like Slack's: the post time in seconds, made unique by the fraction (history's `oldest` compares to it).
    const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    return postMessage(this.messages, body, { nextTs, botId: this.opts.botId, refusals: this.refusals });
  }

  /** conversations.history: see history.ts. */
  private history(body: Record<string, unknown>, replies = false): Record<string, unknown> {
    if (!this.scopes.has('channels:history')) {
      return { ok: false, error: 'missing_scope', needed: 'channels:history,groups:history', provided: [...this.scopes].join(',') };
    }
    const refusal = typeof body.channel === 'string' ? this.refusals.get(body.channel) : undefined;
    if (refusal) return { ok: false, error: refusal };
    return (replies ? conversationsReplies : conversationsHistory)(this.messages, body, this.opts.botId);
  }

}
