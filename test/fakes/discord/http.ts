/**
 * The fake Discord's HTTP edge: an incoming REST request decoded into the RecordedRequest the routes read (JSON, or
 * multipart with the JSON in payload_json and the attachments in files[n]), and a route's Reply written back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { multipartBoundary, parseMultipart } from '../multipart.js';
import type { RecordedRequest } from './faults.js';
import type { Reply } from './rest-routes.js';

export async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const bytes = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  // Attachments come as multipart: the JSON in payload_json, each file in files[n] (discord.js sends exactly this).
  const parts = multipartBoundary(headers['content-type']) ? parseMultipart(bytes, headers['content-type']) : undefined;
  const files = parts?.filter((p) => p.filename !== undefined);
  const raw = parts ? (parts.find((p) => p.name === 'payload_json')?.data.toString('utf8') ?? '') : bytes.toString('utf8');
  let body: unknown = null;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, ''),
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    ...(files?.length ? { files } : {}),
    at: Date.now(),
  };
}

/** Writes `reply`; a 'hang' reply is held open in `hanging` (until the client gives up or the fake closes). */
export function sendReply(res: ServerResponse, reply: Reply, hanging: Set<ServerResponse>): void {
  if (reply.kind === 'reset') {
    res.socket?.destroy();
    return;
  }
  if (reply.kind === 'hang') {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
    return;
  }
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json';
  res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}
