/** Slack's wire format on the fake's side: reading bodies (JSON or form-encoded) and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

export type BodyKind = 'json' | 'form' | 'other';

export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

/** Slack accepts both encodings; form fields holding JSON (blocks) are decoded, as Slack does. */
export function parseBody(raw: string, contentType: string | undefined): { body: Record<string, unknown>; contentType: BodyKind } {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('application/json')) {
    try {
      const v: unknown = raw ? JSON.parse(raw) : {};
      return { body: typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}, contentType: 'json' };
    } catch {
      return { body: {}, contentType: 'json' };
    }
  }
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parseQuery(raw))) {
      const s = Array.isArray(v) ? v[0] ?? '' : v ?? '';
      out[k] = decodeFormValue(k, s);
    }
    return { body: out, contentType: 'form' };
  }
  return { body: {}, contentType: 'other' };
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);
const BOOLEAN_FIELDS = new Set(['unfurl_links', 'unfurl_media', 'link_names', 'mrkdwn', 'as_user', 'reply_broadcast', 'replace_original', 'delete_original', 'include_disabled', 'include_count', 'include_users']);

function decodeFormValue(key: string, s: string): unknown {
  if (BOOLEAN_FIELDS.has(key) && (s === 'true' || s === 'false')) return s === 'true';
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return s;
    }
  }
  return s;
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
