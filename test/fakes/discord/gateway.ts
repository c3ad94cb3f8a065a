/**
 * The gateway half of the fake: enough of Discord's WebSocket protocol (v10, JSON, no compression) for the real
 * discord.js client to log in: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats and ACKs; then dispatches.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { guildCreateObject, type FakeGuild, type FakeUser } from './payloads.js';

interface Session {
  ws: WebSocket;
  identified: boolean;
  seq: number;
  sessionId: string;
}

export interface GatewayOptions {
  token: string;
  applicationId: string;
  bot: FakeUser;
  guild: FakeGuild;
  heartbeatIntervalMs: number;
  /** ws:// URL of this gateway, sent as resume_gateway_url. */
  url: () => string;
  /** up | absent (upgrades answered 404) | reject-auth (every IDENTIFY closed with 4004). */
  mode: () => 'up' | 'absent' | 'reject-auth';
}

export interface IdentifyRecord {
  intents: number;
  token: string;
  shard: unknown;
}

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  /** Heartbeats (op 1) received and acknowledged. */
  heartbeats = 0;
  /** Upgrades answered 404 while the gateway is absent. */
  refusedUpgrades = 0;
  /** Session ids resumed (op 6), in order. */
  readonly resumes: string[] = [];
  /** Sequence reached by every session ever identified, so a RESUME can continue it. */
  private readonly known = new Map<string, number>();
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<Session>();
  private readyWaiters: (() => void)[] = [];

  constructor(
    server: Server,
    private readonly opts: GatewayOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true });
    this.wss.on('connection', (ws) => this.onConnection(ws));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (opts.mode() === 'absent') {
        this.refusedUpgrades++;
        socket.end('HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 37\r\nconnection: close\r\n\r\n{"message":"404: Not Found","code":0}');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
  }

  /** Number of sessions that completed IDENTIFY and are still open. */
  get readySessions(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /** Resolves once at least one client has identified (immediately if one has). */
  waitForIdentify(): Promise<void> {
    if (this.readySessions > 0) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a dispatch event (op 0) to every identified session; returns how many received it. */
  dispatch(t: string, d: unknown): number {
    let n = 0;
    for (const s of this.sessions) {
      if (!s.identified) continue;
      this.send(s, { op: 0, t, s: ++s.seq, d });
      n++;
    }
    return n;
  }

  /** Closes every session as Discord does on a restart (code 4000/1001 are resumable); clients reconnect. */
  dropAll(code = 4000): void {
    for (const s of this.sessions) s.ws.close(code, 'fake: dropped');
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(s: Session, payload: unknown): void {
    if (s.ws.readyState === s.ws.OPEN) s.ws.send(JSON.stringify(payload));
    if (s.identified) this.known.set(s.sessionId, s.seq);
  }

  private onConnection(ws: WebSocket): void {
    const session: Session = { ws, identified: false, seq: 0, sessionId: `sess-${Math.random().toString(36).slice(2)}` };
    this.sessions.add(session);
    ws.on('close', () => this.sessions.delete(session));
    ws.on('message', (raw) => this.onMessage(session, String(raw)));
    this.send(session, { op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(s: Session, raw: string): void {
    let msg: { op?: number; d?: Record<string, unknown> | number | null };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      s.ws.close(4002, 'Decode error');
      return;
    }
    switch (msg.op) {
      case 1: // heartbeat
        this.heartbeats++;
        this.send(s, { op: 11, d: null, s: null, t: null });
        return;
      case 2: // identify
        this.identify(s, (msg.d ?? {}) as Record<string, unknown>);
        return;
      case 6:
        this.resume(s, (msg.d ?? {}) as Record<string, unknown>);
        return;
      default:
        return; // presence/voice updates and the like are accepted and ignored
    }
  }

  /** Known session and token: RESUMED (the fake keeps no replay buffer); otherwise op 9, identify afresh. */
  private resume(s: Session, d: Record<string, unknown>): void {
    if (this.opts.mode() === 'reject-auth') {
      s.ws.close(4004, 'Authentication failed.');
      return;
    }
    const id = typeof d.session_id === 'string' ? d.session_id : '';
    const seq = this.known.get(id);
    if (seq === undefined || d.token !== this.opts.token) {
      this.send(s, { op: 9, d: false, s: null, t: null });
      return;
    }
    s.sessionId = id;
    s.seq = seq;
    s.identified = true;
    this.resumes.push(id);
    this.send(s, { op: 0, t: 'RESUMED', s: ++s.seq, d: {} });
  }

  private identify(s: Session, d: Record<string, unknown>): void {
    const token = typeof d.token === 'string' ? d.token : '';
    this.identifies.push({ token, intents: typeof d.intents === 'number' ? d.intents : -1, shard: d.shard });
    if (this.opts.mode() === 'reject-auth' || (token !== this.opts.token && token !== `Bot ${this.opts.token}`)) {
      s.ws.close(4004, 'Authentication failed.');
      return;
    }
    s.identified = true;
    const { bot, guild, applicationId } = this.opts;
    this.send(s, {
      op: 0,
      t: 'READY',
      s: ++s.seq,
      d: {
        v: 10,
        user: { ...bot, verified: true, mfa_enabled: false, flags: 0 },
        guilds: [{ id: guild.id, unavailable: true }],
        session_id: s.sessionId,
        resume_gateway_url: this.opts.url(),
        shard: [0, 1],
        application: { id: applicationId, flags: 0 },
        user_settings: {},
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
      },
    });
    this.send(s, { op: 0, t: 'GUILD_CREATE', s: ++s.seq, d: guildCreateObject(guild, bot) });
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }
}
