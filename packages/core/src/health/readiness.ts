import type pg from "pg";
import type { RedisClient } from "../redis.ts";

/** One dependency's check: resolves when it answers, rejects (or never settles) when it does not. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  /** True once the process has begun draining after SIGTERM. */
  draining: boolean;
  /** Each check's outcome: `ok`, or what failed. */
  checks: Record<string, string>;
}

export interface Health {
  /** Every check within the timeout, and not draining. */
  readiness(): Promise<ReadinessReport>;
  /** From now on the process is not ready, so load balancers send it nothing new. */
  drain(): void;
  readonly draining: boolean;
}

/** Readiness of a process from its dependencies' checks, each bounded by `timeoutMs` (1 s). */
export function createHealth(
  checks: Record<string, ReadinessCheck>,
  options: { timeoutMs?: number } = {},
): Health {
  const timeoutMs = options.timeoutMs ?? 1_000;
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
    },
    async readiness() {
      const outcomes = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => [name, await within(check, timeoutMs)] as const),
      );
      const results = Object.fromEntries(outcomes);
      const allOk = outcomes.every(([, outcome]) => outcome === "ok");
      return { ready: allOk && !draining, draining, checks: results };
    },
  };
}

async function within(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => "ok"), timedOut]);
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PostgreSQL answers and the pool can give a connection. A connection that arrives after the
 * check gave up is released at once, so a slow pool never leaks clients to health checks.
 */
export function postgresCheck(pool: pg.Pool): ReadinessCheck {
  return async () => {
    const client = await pool.connect();
    try {
      await client.query("SELECT 1");
    } finally {
      client.release();
    }
  };
}

/** Redis is connected and answers a PING (a worker's connection would otherwise queue it). */
export function redisCheck(redis: RedisClient): ReadinessCheck {
  return async () => {
    if (redis.status !== "ready") throw new Error(`redis connection is ${redis.status}`);
    const answer = await redis.ping();
    if (answer !== "PONG") throw new Error(`redis answered ${answer}`);
  };
}
