/**
 * A loopback fake of Discord: REST under /api/v10 and a WebSocket gateway on the same port. The real discord.js
 * client logs in to it (REST `api` = fake.apiUrl; the gateway URL comes from GET /gateway/bot). Every request is
 * recorded with headers and JSON body so tests assert exact payloads.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.js';
import { FaultPlan, REFUSALS, type ChannelRefusal, type ChaosOptions, type Fault, type RecordedRequest } from './faults.js';
import { readRequest, sendReply } from './http.js';
import { interactionFor, PERMS_MANAGER, PERMS_MEMBER, type InteractionCallback, type InteractSpec } from './interactions.js';
import { commandInteraction, snowflake, userObject, type FakeChannel, type FakeGuild, type FakeUser } from './payloads.js';
import { routeRequest } from './rest-routes.js';
import { GUILD_FORUM, threadObject, type FakeThread } from './thread-routes.js';

export { PERMS_MANAGER, PERMS_MEMBER, type InteractionCallback, type InteractSpec };

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guild?: Partial<FakeGuild>;
  heartbeatIntervalMs?: number;
  /** How long a nonce with enforce_nonce dedupes (Discord: "a few minutes"). */
  nonceWindowMs?: number;
  /** What the gateway does (default up); settable later through `gatewayMode`. */
  gateway?: GatewayMode;
}

/**
 * up: the v10 gateway; absent: no WebSocket endpoint at all (the upgrade is answered 404, as a proxy or a wrong
 * DISCORD_API_URL does); reject-auth: every IDENTIFY is closed with 4004 Authentication failed (a revoked token).
 */
export type GatewayMode = 'up' | 'absent' | 'reject-auth';

export interface StoredMessage {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
  nonce?: string | number | undefined;
  at: number;
  /** How many times PATCH edited it. */
  edits?: number;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guild: FakeGuild;
  readonly nonceWindowMs: number;
  readonly requests: RecordedRequest[] = [];
  /** Messages created per channel id, oldest first. */
  readonly messages = new Map<string, StoredMessage[]>();
  readonly callbacks: InteractionCallback[] = [];
  /** Registered command lists: key "global" or the guild id. */
  readonly commands = new Map<string, Record<string, unknown>[]>();
  readonly refused = new Map<string, ChannelRefusal>();
  readonly faults = new FaultPlan();
  /** Threads started from messages and forum posts, by thread id (thread-routes.ts); their messages are in `messages`. */
  readonly threads = new Map<string, FakeThread>();
  /** Tokens of interactions the fake issued, by interaction id. */
  readonly issued = new Map<string, { token: string; answered: boolean }>();
  private readonly callbackWaiters = new Map<string, (c: InteractionCallback) => void>();
  private readonly hanging = new Set<ServerResponse>();
  private gateway!: FakeGateway;
  private port = 0;
  gatewayMode: GatewayMode;

  private constructor(private readonly server: Server, opts: FakeDiscordOptions) {
    this.token = opts.token ?? 'fake-bot-token.discord.test';
    this.applicationId = opts.applicationId ?? '900000000000000001';
    this.bot = userObject(this.applicationId, 'lithium-wire', true);
    this.nonceWindowMs = opts.nonceWindowMs ?? 5 * 60_000;
    this.gatewayMode = opts.gateway ?? 'up';
    this.guild = {
      id: opts.guild?.id ?? '800000000000000001',
      name: opts.guild?.name ?? 'Lithium Desk',
      ownerId: opts.guild?.ownerId ?? '700000000000000001',
      channels: opts.guild?.channels ?? [
        { id: '810000000000000001', name: 'lithium-news' },
        { id: '810000000000000002', name: 'watchlist' },
        { id: '810000000000000003', name: 'locked' },
      ],
      roles: opts.guild?.roles ?? [{ id: '820000000000000001', name: 'Moderators', permissions: PERMS_MANAGER }],
    };
    this.gateway = new FakeGateway(server, {
      token: this.token,
      applicationId: this.applicationId,
      bot: this.bot,
      guild: this.guild,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      url: () => this.wsUrl,
      mode: () => this.gatewayMode,
    });
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, opts);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** The REST base to give discord.js (`rest.api`) or DISCORD_API_URL; discord.js appends /v10. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** WebSocket upgrades refused because the gateway is absent. */
  get refusedUpgrades(): number {
    return this.gateway.refusedUpgrades;
  }

  get identifies() {
    return this.gateway.identifies;
  }

  get resumes() {
    return this.gateway.resumes;
  }

  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  /** The first text channel of the test guild. */
  get defaultChannel(): FakeChannel {
    return this.guild.channels[0]!;
  }

  waitForIdentify(): Promise<void> {
    return this.gateway.waitForIdentify();
  }

  /** Identified gateway sessions currently open. */
  get readySessions(): number {
    return this.gateway.readySessions;
  }

  /** Drops every gateway connection (a Discord restart); a healthy client reconnects and identifies again. */
  dropGatewayConnections(code = 4000): void {
    this.gateway.dropAll(code);
  }

  /** Adds a text channel to the guild (and tells connected clients); returns its id. */
  addChannel(name: string): string {
    const c = { id: snowflake(), name };
    this.guild.channels.push(c);
    this.gateway.dispatch('CHANNEL_CREATE', { id: c.id, type: 0, guild_id: this.guild.id, name, position: 0, permission_overwrites: [] });
    return c.id;
  }

  /** Adds a forum channel (type 15: it takes posts, not messages) to the guild; returns its id. */
  addForumChannel(name: string): string {
    const c = { id: snowflake(), name, type: GUILD_FORUM };
    this.guild.channels.push(c);
    this.gateway.dispatch('CHANNEL_CREATE', { id: c.id, type: GUILD_FORUM, guild_id: this.guild.id, name, position: 0, permission_overwrites: [], available_tags: [] });
    return c.id;
  }

  /** A post a member made in a forum (where members run commands: a forum has no message box); returns its id. */
  addMemberForumPost(forumId: string, name: string): string {
    const id = snowflake();
    this.threads.set(id, { id, parentId: forumId, name, forumPost: true, createdAt: new Date().toISOString(), autoArchiveMinutes: 1440 });
    this.messages.set(id, [{ id, channelId: id, body: { content: name }, at: Date.now() }]);
    this.gateway.dispatch('THREAD_CREATE', { ...threadObject(this, this.threads.get(id)!), newly_created: true });
    return id;
  }

  /** A channel of the guild or a thread in it: where messages can be posted and edited. */
  isKnownChannel(id: string): boolean {
    return this.threads.has(id) || this.guild.channels.some((c) => c.id === id && (c.type ?? 0) !== GUILD_FORUM);
  }

  /** Threads (and forum posts) whose parent is `channelId`, oldest first. */
  threadsIn(channelId: string): FakeThread[] {
    return [...this.threads.values()].filter((t) => t.parentId === channelId);
  }

  /** Deletes a thread or forum post with its messages (a moderator removed it). */
  deleteThread(threadId: string): void {
    this.threads.delete(threadId);
    this.messages.delete(threadId);
  }

  /** From now on, posts to this channel fail like Discord does when the bot lost access or the channel is gone. */
  refuseChannel(channelId: string, kind: ChannelRefusal = 'missing-access'): void {
    this.refused.set(channelId, kind);
  }

  allowChannel(channelId: string): void {
    this.refused.delete(channelId);
  }

  /** The next `times` message posts (or requests matching `match`) get 429 with this retry-after. */
  rateLimitNext(retryAfterSec: number, opts: { times?: number; global?: boolean; match?: Fault['match'] } = {}): void {
    this.faults.add({ action: { kind: 'rate-limit', retryAfterSec, global: opts.global ?? false }, times: opts.times ?? 1, match: opts.match });
  }

  failNext(fault: Fault): void {
    this.faults.add(fault);
  }

  /** Random failures on message posts (seeded); pass undefined to stop. */
  chaos(opts: ChaosOptions | undefined): void {
    this.faults.setChaos(opts);
  }

  /** Requests that posted a message to `channelId` (including refused and failed ones). */
  messagePosts(channelId?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === 'POST' && (channelId ? r.path === `/channels/${channelId}/messages` : /^\/channels\/\d+\/messages$/.test(r.path)),
    );
  }

  /** Requests that edited a message in `channelId` (PATCH /channels/{id}/messages/{mid}), refused ones too. */
  messageEdits(channelId?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === 'PATCH' && (channelId ? r.path.startsWith(`/channels/${channelId}/messages/`) : /^\/channels\/\d+\/messages\/\d+$/.test(r.path)),
    );
  }

  /** Messages that exist in `channelId` (deduplicated by nonce, as Discord keeps them). */
  channelMessages(channelId: string): StoredMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  /**
   * Delivers an INTERACTION_CREATE for a slash command over the gateway and resolves with the callback the bot
   * POSTs back. Rejects after `timeoutMs` if no callback arrives.
   */
  async interact(spec: InteractSpec, timeoutMs = 10_000): Promise<InteractionCallback> {
    const payload = this.buildInteraction(spec);
    const answered = this.waitForCallback(payload.id, timeoutMs);
    if (this.gateway.dispatch('INTERACTION_CREATE', payload) === 0) throw new Error('fake discord: no identified gateway session');
    return answered;
  }

  /** An interaction body the fake will accept a callback for (also what the HTTP endpoint receives). */
  buildInteraction(spec: InteractSpec): ReturnType<typeof commandInteraction> {
    const payload = interactionFor(this, spec);
    this.issued.set(payload.id, { token: payload.token, answered: false });
    return payload;
  }

  waitForCallback(interactionId: string, timeoutMs = 10_000): Promise<InteractionCallback> {
    const done = this.callbacks.find((c) => c.interactionId === interactionId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.callbackWaiters.delete(interactionId);
        reject(new Error(`fake discord: no callback for interaction ${interactionId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.callbackWaiters.set(interactionId, (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  /** Called by the routes when a callback is accepted. */
  recordCallback(c: InteractionCallback): void {
    this.callbacks.push(c);
    const w = this.callbackWaiters.get(c.interactionId);
    this.callbackWaiters.delete(c.interactionId);
    w?.(c);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rec = await readRequest(req);
    this.requests.push(rec);
    sendReply(res, routeRequest(this, rec, this.faults.next(rec)), this.hanging);
  }
}

export { REFUSALS };
export type { ChannelRefusal, RecordedRequest };
