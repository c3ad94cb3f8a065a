/**
 * /healthz as named checks: the store, and each output platform (e.g. "discord-gateway: required and down: closed
 * 4004, DISCORD_TOKEN rejected"). Any part of the bot plugs a check in with register(); the endpoint answers 503
 * when one fails, with every check's reason, so an operator (or an orchestrator) sees what is wrong and restarts.
 */

export interface CheckResult {
  ok: boolean;
  /** Why it is not ok (or a note when it is: "down; commands answered over HTTP interactions"). */
  reason?: string | undefined;
}

export type Check = () => CheckResult | Promise<CheckResult>;

export interface HealthReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

export interface HealthRegistry {
  /** Adds a named check (names are unique: registering a name again replaces it). Returns the removal. */
  register(name: string, check: Check): () => void;
  names(): string[];
  run(): Promise<HealthReport>;
}

/** A check slower than this counts as failed ("timeout"): a health probe must answer even when the store hangs. */
export const CHECK_TIMEOUT_MS = 2_000;

async function runOne(check: Check, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => (timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs)));
  try {
    const r = await Promise.race([Promise.resolve().then(check), timeout]);
    return r.reason === undefined ? { ok: r.ok } : { ok: r.ok, reason: r.reason };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRegistry(opts: { timeoutMs?: number } = {}): HealthRegistry {
  const checks = new Map<string, Check>();
  const timeoutMs = opts.timeoutMs ?? CHECK_TIMEOUT_MS;
  return {
    register(name, check) {
      checks.set(name, check);
      return () => {
        if (checks.get(name) === check) checks.delete(name);
      };
    },
    names: () => [...checks.keys()],
    async run() {
      const names = [...checks.keys()].sort();
      const results = await Promise.all(names.map((n) => runOne(checks.get(n)!, timeoutMs)));
      const out: Record<string, CheckResult> = {};
      names.forEach((n, i) => (out[n] = results[i]!));
      return { ok: results.every((r) => r.ok), checks: out };
    },
  };
}
