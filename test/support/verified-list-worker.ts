import { createLogger, createQueues, createRedis, type Database, verifiedListConfig } from "@sieve/core";
import { openProber, type Prober } from "@sieve/probe";
import { createTargetGuard } from "@sieve/vocabulary";
import { createVerifiedListWorker } from "../../apps/worker/src/verified-list-worker.ts";
import type { RunningJudge } from "./judge-server.ts";
import { testProbeConfig } from "./test-prober.ts";

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
  const probe = testProbeConfig(options.judge, options.timeoutMs);
  const prober = await openProber(probe);
  const probes: string[] = [];
  const counting: Prober = {
    probe(target, probeOptions) {
      probes.push(`${target.host}:${target.port}`);
      return prober.probe(target, probeOptions);
    },
  };
  const connection = createRedis(redisUrl(), { role: "worker" });
  const queues = createQueues({ connection, prefix: options.queuePrefix });
  const worker = await createVerifiedListWorker({
    config: {
      ...verifiedListConfig.parse({ VERIFIED_TICK_MS: "100", SOURCE_TICK_MS: "200", ...options.env }),
      QUEUE_PREFIX: options.queuePrefix,
    },
    connection,
    queues,
    pool: options.database.pool,
    prober: counting,
    guard: createTargetGuard({ allowCidrs: probe.CHECK_ALLOW_CIDRS }),
    logger: createLogger({ service: "worker", silent: true }),
  });
  return {
    probes,
    async stop() {
      await worker.close(true);
      await queues.close();
      connection.disconnect();
    },
  };
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
