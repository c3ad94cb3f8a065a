/**
 * The Socket Mode side of the fake: apps.connections.open hands out a one-use `ws://…/link/?ticket=…` URL on the
 * fake's own port; a client that connects with it gets `hello`, then envelopes we push, and must answer each with
 * `{ envelope_id, payload }` (the ack), as on Slack's real Socket Mode.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload: Record<string, unknown> | undefined;
}

export class FakeSocketMode {
  readonly acks: SocketAck[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(server: Server, _appToken: string) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** A fresh connection URL, as apps.connections.open returns it. */
  url(httpBase: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${httpBase.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=A0LITHIUM`;
  }

  get connected(): number {
    return this.clients.size;
  }

  async waitForClient(timeoutMs = 5000): Promise<void> {
    await this.until(() => this.clients.size > 0, timeoutMs, 'no Socket Mode client connected');
  }

  /** Resolves once no client is connected (after the app disconnects). */
  async waitForNoClient(timeoutMs = 5000): Promise<void> {
    await this.until(() => this.clients.size === 0, timeoutMs, 'a Socket Mode client is still connected');
  }

  /** Pushes an envelope (e.g. type `slash_commands`) to the connected client and resolves with its ack. */
  async sendEnvelope(type: string, payload: Record<string, unknown>, timeoutMs = 5000): Promise<SocketAck> {
    const client = [...this.clients][0];
    if (!client) throw new Error('FakeSocketMode: no client connected');
    const envelope_id = randomUUID();
    client.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    let found: SocketAck | undefined;
    await this.until(() => (found = this.acks.find((a) => a.envelope_id === envelope_id)) !== undefined, timeoutMs, `no ack for ${type} envelope`);
    return found as SocketAck;
  }

  /** Cuts every connection, as when Slack recycles a socket without warning. */
  dropClients(): void {
    for (const c of this.clients) c.terminate();
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.clients.add(ws);
      ws.on('close', () => {
        this.clients.delete(ws);
        this.changed();
      });
      ws.on('message', (data) => {
        try {
          const msg = JSON.parse(String(data)) as { envelope_id?: unknown; payload?: Record<string, unknown> };
          if (typeof msg.envelope_id === 'string') this.acks.push({ envelope_id: msg.envelope_id, payload: msg.payload });
        } catch {
          // Not JSON: a real Slack ignores it too.
        }
        this.changed();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: this.clients.size, connection_info: { app_id: 'A0LITHIUM' }, debug_info: { host: 'fake-slack' } }));
      this.changed();
    });
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`FakeSocketMode: ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}
