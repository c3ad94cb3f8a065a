/**
 * Per-host concurrency limit: many feeds often live on one host (per-ticker finance feeds), and opening
 * dozens of parallel requests to it gets the bot rate-limited or banned. Waiters are served FIFO; a host's
 * bookkeeping is dropped as soon as it is idle so memory does not grow with the number of hosts ever seen.
 */
import { FeedError } from './errors.js';

interface Waiter {
  start: () => void;
}

interface HostSlot {
  active: number;
  queue: Waiter[];
}

export interface HostLimiterOptions {
  /** Concurrent requests allowed per host (default 2). */
  perHost?: number;
}

export class HostLimiter {
  readonly perHost: number;
  private readonly hosts = new Map<string, HostSlot>();

  constructor(opts: HostLimiterOptions = {}) {
    const n = opts.perHost ?? 2;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`perHost must be a positive integer, got ${n}`);
    this.perHost = n;
  }

  /** Runs `fn` once `host` has a free slot. A `signal` aborted while waiting rejects with ABORTED. */
  async run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const key = host.toLowerCase();
    await this.acquire(key, signal);
    try {
      return await fn();
    } finally {
      this.release(key);
    }
  }

  /** Requests running now for `host`. */
  active(host: string): number {
    return this.hosts.get(host.toLowerCase())?.active ?? 0;
  }

  /** Requests waiting for a slot on `host`. */
  waiting(host: string): number {
    return this.hosts.get(host.toLowerCase())?.queue.length ?? 0;
  }

  /** Hosts with running or waiting requests. */
  busyHosts(): number {
    return this.hosts.size;
  }

  private acquire(key: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    let slot = this.hosts.get(key);
    if (slot === undefined) {
      slot = { active: 0, queue: [] };
      this.hosts.set(key, slot);
    }
    if (slot.active < this.perHost) {
      slot.active++;
      return Promise.resolve();
    }
    const s = slot;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = s.queue.indexOf(waiter);
        if (i >= 0) s.queue.splice(i, 1);
        this.dropIfIdle(key);
        reject(abortedError(signal));
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      s.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(key: string): void {
    const slot = this.hosts.get(key);
    if (slot === undefined) return;
    const next = slot.queue.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next !== undefined) next.start();
    else slot.active--;
    this.dropIfIdle(key);
  }

  private dropIfIdle(key: string): void {
    const slot = this.hosts.get(key);
    if (slot !== undefined && slot.active === 0 && slot.queue.length === 0) this.hosts.delete(key);
  }
}

function abortedError(signal: AbortSignal | undefined): FeedError {
  return new FeedError('ABORTED', 'request aborted while waiting for a host slot', { cause: signal?.reason });
}
