import { createRedis, type Database } from "@sieve/core";
import { type OpenedProber, openProber } from "@sieve/probe";
import { verifiedListEntries } from "../../apps/worker/src/job-table.ts";
import type { RunningJudge } from "./judge-server.ts";
import { composeTestWorker, testWorkerConfig } from "./worker-harness.ts";

const redisUrl = () => process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestVerifiedListWorker {
  /** Every probe this worker started, as host:port. */
  probes: string[];
  stop(): Promise<void>;
}

/**
 * The verified-list consumers in this process against a test database and judge, loopback
 * allowed. `env` overrides VERIFIED_* and SOURCE_* settings.
 */
export async function startVerifiedListWorker(options: {
  database: Database;
  judge: RunningJudge;
  queuePrefix: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<TestVerifiedListWorker> {
  const config = testWorkerConfig({
    ...options,
    env: { VERIFIED_TICK_MS: "100", SOURCE_TICK_MS: "200", ...options.env },
  });
  const prober = await openProber(config);
  const probes: string[] = [];
  const counting: OpenedProber = {
    guard: prober.guard,
    probe(target, probeOptions) {
      probes.push(`${target.host}:${target.port}`);
      return prober.probe(target, probeOptions);
    },
  };
  const worker = await composeTestWorker(config, {
    database: options.database,
    consumes: verifiedListEntries,
    prober: counting,
  });
  return { probes, stop: () => worker.stop() };
}

/** Deletes every Redis key of a test's queue prefix, once its workers have stopped. */
export async function removeQueueKeys(queuePrefix: string): Promise<void> {
  const redis = createRedis(redisUrl(), { role: "worker" });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}:*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a value other than undefined; fails after `limitMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
