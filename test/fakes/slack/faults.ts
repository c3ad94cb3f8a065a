/** The faults the fake Slack can inject into a Web API call, and how each is answered on the wire. */
import type { ServerResponse } from 'node:http';
import { send, type BodyKind } from './wire.js';

export interface SlackCall {
  method: string;
  /** From `Authorization: Bearer …` (or a `token` body field, which Slack also accepts). */
  token: string | undefined;
  /** JSON bodies as sent; form bodies with their JSON fields (blocks, attachments) and boolean flags decoded. */
  body: Record<string, unknown>;
  contentType: BodyKind;
  /** HTTP status and JSON the fake answered. */
  status: number;
  response: Record<string, unknown> | undefined;
}

export type Fault =
  | { kind: 'ratelimit'; retryAfterSec: number }
  | { kind: 'status'; status: number }
  | { kind: 'error'; error: string }
  /** Close the connection without answering (a network failure). */
  | { kind: 'drop' }
  /** Handle the call normally (a post is stored) but answer only after `ms`: a client timeout that still posted. */
  | { kind: 'delay'; ms: number };

/** Answers `call` with `fault` and records what was answered ('delay' is answered by the caller, later). */
export function answerFault(res: ServerResponse, call: SlackCall, fault: Fault): void {
  switch (fault.kind) {
    case 'ratelimit':
      call.status = 429;
      call.response = { ok: false, error: 'ratelimited' };
      send(res, 429, call.response, { 'retry-after': String(fault.retryAfterSec) });
      return;
    case 'status':
      call.status = fault.status;
      res.writeHead(fault.status, { 'content-type': 'text/html' });
      res.end(`<html><body>${fault.status}</body></html>`);
      return;
    case 'error':
      call.status = 200;
      call.response = { ok: false, error: fault.error };
      send(res, 200, call.response);
      return;
    case 'drop':
      call.status = -1;
      res.socket?.destroy();
      return;
    case 'delay':
      return;
  }
}
