/**
 * Slack's side of a slash command over HTTP: the form body Slack posts to the app's request URL, signed with
 * the v0 scheme (`v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` keyed by the signing secret).
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';

export interface SlashCommandFields {
  command?: string;
  text: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  response_url: string;
  trigger_id?: string;
  api_app_id?: string;
}

/** The form fields Slack sends for a slash command, in Slack's order. */
export function slashCommandBody(f: SlashCommandFields): string {
  const fields: Record<string, string> = {
    token: 'deprecated-verification-token',
    team_id: f.team_id ?? 'T0LITHIUM',
    team_domain: f.team_domain ?? 'lithium-test',
    channel_id: f.channel_id ?? 'C0ALERTS',
    channel_name: f.channel_name ?? 'alerts',
    user_id: f.user_id ?? 'U0ADMIN',
    user_name: f.user_name ?? 'ada',
    command: f.command ?? '/lithium',
    text: f.text,
    api_app_id: f.api_app_id ?? 'A0LITHIUM',
    is_enterprise_install: 'false',
    response_url: f.response_url,
    trigger_id: f.trigger_id ?? '1337.42.abcdef',
  };
  return new URLSearchParams(fields).toString();
}

export function slackSignature(secret: string, timestampSec: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Leave out the signature and/or timestamp header. */
  omit?: ('signature' | 'timestamp')[];
  contentType?: string;
  /** Sign this instead of the body sent (a body tampered with after signing). */
  signedBody?: string;
}

export interface PostResult {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** POSTs `body` to `url` the way Slack does, signed unless told otherwise. */
export function postSigned(url: string, body: string, o: SignedPostOptions): Promise<PostResult> {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': o.contentType ?? 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (!o.omit?.includes('timestamp')) headers['x-slack-request-timestamp'] = String(ts);
  if (!o.omit?.includes('signature')) headers['x-slack-signature'] = slackSignature(o.secret, ts, o.signedBody ?? body);
  return httpRequest(url, 'POST', headers, body);
}

export function httpRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
