import { createLogger, createQueues, createRedis, type Database, verifiedListConfig } from "@sieve/core";
import { openProber, type Prober } from "@sieve/probe";
import { createTargetGuard } from "@sieve/vocabulary";
import { createVerifiedListWorker } from "@sieve/worker/src/verified-list-worker.ts";
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
