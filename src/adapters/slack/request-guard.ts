/**
 * The check Bolt's HTTPReceiver leaves out. Bolt rejects a request timestamp more than five minutes in the past
 * but accepts one any distance in the *future*, so a request captured from a host with a fast clock, or signed
 * ahead on purpose, replays for as long as that lead. This wraps the receiver's request listener: requests to the
 * event endpoints whose X-Slack-Request-Timestamp is outside now ± 5 min get 401 before Bolt reads the body, and
 * bodies that are chunked or over MAX_BODY_BYTES get 413 before anything is buffered.
 * Everything else (signature, missing headers, ssl_check) stays with Bolt's own verification.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../core/ports.js';

export const MAX_CLOCK_SKEW_SEC = 5 * 60;

/**
 * Bolt buffers the whole body before it checks the signature, so a stranger could make us hold any amount of
 * memory. Slash commands and events are a few kB and always carry a Content-Length.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Why the body must not be read at all, or undefined. */
export function bodyProblem(headers: IncomingMessage['headers']): string | undefined {
  if (headers['transfer-encoding'] !== undefined) return 'chunked body';
  const raw = headers['content-length'];
  if (raw === undefined) return 'no content-length';
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) return 'malformed content-length';
  if (n > MAX_BODY_BYTES) return 'body too large';
  return undefined;
}

/** Why a timestamp header is unacceptable, or undefined when it is within the window (or absent: Bolt decides). */
export function timestampProblem(header: string | string[] | undefined, nowMs: number): string | undefined {
  if (header === undefined) return undefined;
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (!/^\d{1,12}$/.test(raw.trim())) return 'malformed timestamp';
  const ts = Number(raw);
  const now = Math.floor(nowMs / 1000);
  if (ts < now - MAX_CLOCK_SKEW_SEC) return 'stale timestamp';
  if (ts > now + MAX_CLOCK_SKEW_SEC) return 'future timestamp';
  return undefined;
}

export interface GuardOptions {
  /** Paths Bolt treats as Slack event endpoints (e.g. /slack/events). */
  endpoints: readonly string[];
  logger: Logger;
  now?: () => number;
}

/** `inner` with the timestamp window enforced on POSTs to the endpoints. */
export function guardTimestamps(inner: RequestListener, opts: GuardOptions): RequestListener {
  const now = opts.now ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && opts.endpoints.includes(path)) {
      const tooBig = bodyProblem(req.headers);
      if (tooBig) {
        opts.logger.warn('slack: request rejected', { reason: tooBig, path });
        req.resume(); // discard, never buffer
        res.writeHead(413, { connection: 'close' });
        res.end();
        return;
      }
      const problem = timestampProblem(req.headers['x-slack-request-timestamp'], now());
      if (problem) {
        opts.logger.warn('slack: request rejected', { reason: problem, path });
        req.resume(); // drain the body so the connection can be reused
        res.writeHead(401);
        res.end();
        return;
      }
    }
    return inner(req, res);
  };
}
