/**
 * Per-platform pause on configuration errors (bad token, missing scope, wrong API URL). While a platform is
 * paused its entries stay pending untouched; one send at a time is let through as a probe, with a backoff
 * between probes, and the first probe the platform accepts resumes it. Logged once per problem, with its fix.
 */
import type { Logger } from '../core/ports.js';
import type { DeliveryFailure } from './classify.js';

export interface PlatformStatus {
  name: string;
  ok: boolean;
  /** Why the platform is paused, and what to change (absent while ok). */
  reason?: string | undefined;
}

interface Paused {
  code: string;
  reason: string;
  since: number;
  nextProbeAt: number;
  delayMs: number;
  probing: boolean;
}

export interface PlatformHealthOptions {
  logger: Logger;
  nowMs: () => number;
  /** First wait before probing a paused platform again; doubled after each refused probe. Default 2 s. */
  probeBaseMs?: number;
  /** Longest wait between probes. Default 5 min. */
  probeMaxMs?: number;
}

/** The outcome of a send, as far as the platform's health goes. */
export type SendOutcome = 'accepted' | 'config' | 'unknown';

export function createPlatformHealth(opts: PlatformHealthOptions) {
  const base = opts.probeBaseMs ?? 2_000;
  const max = opts.probeMaxMs ?? 5 * 60_000;
  const paused = new Map<string, Paused>();

  return {
    /** 'send' as usual; 'probe': this caller's send is the one probe; 'wait': leave the platform's entries pending. */
    admit(platform: string): 'send' | 'probe' | 'wait' {
      const p = paused.get(platform);
      if (!p) return 'send';
      if (p.probing || opts.nowMs() < p.nextProbeAt) return 'wait';
      p.probing = true;
      return 'probe';
    },

    /** Records what a send (probe or not) told about the platform. */
    settle(platform: string, outcome: SendOutcome, failure?: Extract<DeliveryFailure, { kind: 'config' }>): void {
      const p = paused.get(platform);
      if (outcome === 'accepted') {
        if (!p) return;
        paused.delete(platform);
        opts.logger.warn(`${platform} accepts deliveries again; resuming`, { platform, pausedForS: Math.round((opts.nowMs() - p.since) / 1000) });
        return;
      }
      if (outcome === 'unknown') {
        // A timeout or a 5xx says nothing about the configuration: probe again after the same wait.
        if (p?.probing) {
          p.probing = false;
          p.nextProbeAt = opts.nowMs() + p.delayMs;
        }
        return;
      }
      if (!failure) return;
      const reason = `${failure.code}: ${failure.message}; fix: ${failure.fix}`;
      if (!p) {
        paused.set(platform, { code: failure.code, reason, since: opts.nowMs(), nextProbeAt: opts.nowMs() + base, delayMs: base, probing: false });
        // Once per problem, loudly: retrying cannot fix this, only the operator can.
        opts.logger.error(`${platform} deliveries paused: the platform refuses our configuration; entries stay pending`, {
          platform, code: failure.code, error: failure.message, fix: failure.fix,
        });
        return;
      }
      // A send already in flight when the pause began adds nothing; a refused probe doubles the wait.
      if (p.probing) {
        p.probing = false;
        p.delayMs = Math.min(max, p.delayMs * 2);
        p.nextProbeAt = opts.nowMs() + p.delayMs;
      }
      if (failure.code !== p.code) {
        p.code = failure.code;
        p.reason = reason;
        opts.logger.error(`${platform} deliveries still paused, now for another reason`, { platform, code: failure.code, error: failure.message, fix: failure.fix });
      }
    },

    list(platforms: Iterable<string>): PlatformStatus[] {
      return [...platforms].map((name) => {
        const p = paused.get(name);
        return p ? { name, ok: false, reason: p.reason } : { name, ok: true };
      });
    },
  };
}

export type PlatformHealth = ReturnType<typeof createPlatformHealth>;
