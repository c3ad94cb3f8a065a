/**
 * Scripted and random failures for the fake's REST side: refused channels, 429s with retry-after, 5xx, resets
 * and hangs. Tests script exact sequences; the fault-injection suite uses a seeded random rate.
 */
import type { FormPart } from '../multipart.js';

export interface RecordedRequest {
  method: string;
  /** Path after the API version prefix: "/channels/123/messages". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body (a multipart request's payload_json), or null when there was none. */
  body: unknown;
  /** Files of a multipart request (files[n] parts), as Discord receives attachments. */
  files?: FormPart[] | undefined;
  at: number;
}

export type FaultAction =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate-limit'; retryAfterSec: number; global?: boolean }
  /** Destroy the socket without answering (ECONNRESET on the client). */
  | { kind: 'reset' }
  /** Never answer (the client's timeout fires). */
  | { kind: 'hang' }
  /** Create the message, then never answer: a resend must be deduplicated by its nonce. */
  | { kind: 'commit-then-hang' };

export interface Fault {
  /** Which requests it applies to; default: POST /channels/{id}/messages. */
  match?: (req: RecordedRequest) => boolean;
  action: FaultAction;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

export type ChannelRefusal = 'missing-access' | 'missing-permissions' | 'unknown-channel';

export const REFUSALS: Record<ChannelRefusal, { status: number; code: number; message: string }> = {
  'missing-access': { status: 403, code: 50001, message: 'Missing Access' },
  'missing-permissions': { status: 403, code: 50013, message: 'Missing Permissions' },
  'unknown-channel': { status: 404, code: 10003, message: 'Unknown Channel' },
};

export const isMessagePost = (r: RecordedRequest): boolean =>
  r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);

/** A small seeded PRNG (mulberry32) so a chaos run is reproducible from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChaosOptions {
  /** Share of matching requests that fail, 0..1. */
  rate: number;
  seed?: number;
  /** Failure kinds drawn uniformly; default a mix of 500, 502, hang and 429. */
  actions?: FaultAction[];
  match?: (req: RecordedRequest) => boolean;
}

export class FaultPlan {
  private readonly scripted: (Fault & { left: number })[] = [];
  private chaos: (ChaosOptions & { rand: () => number }) | undefined;

  add(f: Fault): void {
    this.scripted.push({ ...f, left: f.times ?? 1 });
  }

  setChaos(c: ChaosOptions | undefined): void {
    this.chaos = c ? { ...c, rand: seeded(c.seed ?? 1) } : undefined;
  }

  clear(): void {
    this.scripted.length = 0;
    this.chaos = undefined;
  }

  /** The action for this request, consuming a scripted fault if one matches. */
  next(req: RecordedRequest): FaultAction | undefined {
    const i = this.scripted.findIndex((f) => (f.match ?? isMessagePost)(req));
    if (i >= 0) {
      const f = this.scripted[i]!;
      if (--f.left <= 0) this.scripted.splice(i, 1);
      return f.action;
    }
    const c = this.chaos;
    if (c && (c.match ?? isMessagePost)(req) && c.rand() < c.rate) {
      const actions: FaultAction[] = c.actions ?? [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
        { kind: 'hang' },
        { kind: 'rate-limit', retryAfterSec: 0.2 },
      ];
      return actions[Math.floor(c.rand() * actions.length)];
    }
    return undefined;
  }
}
