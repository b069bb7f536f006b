import { createLogger, createRedis, type Database, type JobName } from "@sieve/core";
import type { OpenedProber } from "@sieve/probe";
import { composeWorker, type SieveWorker } from "@sieve/worker/src/compose-worker.ts";
import { WorkerConfig } from "@sieve/worker/src/config.ts";
import { checkJobEntries } from "@sieve/worker/src/job-table.ts";
import { TEST_CREDENTIALS_KEY } from "./api-server.ts";
import type { RunningJudge } from "./judge-server.ts";
import { testProbeEnv } from "./test-prober.ts";

export interface TestWorker extends SieveWorker {
  stop(): Promise<void>;
}

/**
 * The worker's config for tests, parsed like the process parses its environment: the test
 * judge, loopback allowed, `env` over the defaults.
 */
export function testWorkerConfig(options: {
  judge: RunningJudge;
  queuePrefix: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}): WorkerConfig {
  return WorkerConfig.parse({
    ...testProbeEnv(options.judge, options.timeoutMs),
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: options.queuePrefix,
    CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    // The farm is a handful of loopback addresses: pace, but far above what a test sends.
    DESTINATION_PROBES_PER_SECOND: "10000",
    ...options.env,
  });
}

/**
 * A worker built by `composeWorker` in this process, as `main.ts` builds one, with its own Redis
 * connection; `stop` leaves its running tasks to others and closes what it opened.
 */
export async function composeTestWorker(
  config: WorkerConfig,
  options: { database: Database; consumes: readonly JobName[]; prober?: OpenedProber },
): Promise<TestWorker> {
  const redis = createRedis(config.REDIS_URL, { role: "worker" });
  const { worker, queues } = await composeWorker(config, {
    logger: createLogger({ service: "worker", silent: true }),
    database: options.database,
    redis,
    consumes: options.consumes,
    ...(options.prober ? { prober: options.prober } : {}),
  });
  return {
    ...worker,
    async stop() {
      await worker.close(true);
      await queues.close();
      redis.disconnect();
    },
  };
}

/** A real check-job worker in this process, consuming the queues of one test API against the given judge. */
export async function startTestWorker(options: {
  database: Database;
  queuePrefix: string;
  judge: RunningJudge;
  timeoutMs?: number;
  reconcileEveryMs?: number;
  /** How often finished jobs past retention are deleted; hourly unless a test needs to see it. */
  pruneEveryMs?: number;
  /** More worker variables, over the test defaults (e.g. WEBHOOK_ALLOW_CIDRS). */
  env?: Record<string, string>;
}): Promise<TestWorker> {
  const config = testWorkerConfig({
    ...options,
    env: {
      WORKER_CHUNK_CONCURRENCY: "4",
      WORKER_PROBE_CONCURRENCY: "200",
      WORKER_RESULT_BATCH: "10",
      WORKER_STALL_MS: "30000",
      RECONCILE_EVERY_MS: String(options.reconcileEveryMs ?? 60_000),
      PRUNE_EVERY_MS: String(options.pruneEveryMs ?? 3_600_000),
      ...options.env,
    },
  });
  return composeTestWorker(config, { database: options.database, consumes: checkJobEntries });
}
