import {
  createCheckJobWriter,
  createCredentialCipher,
  createLogger,
  createQueues,
  createRedis,
  type Database,
} from "@sieve/core";
import { createWorker, type SieveWorker } from "@sieve/worker/src/create-worker.ts";
import { TEST_CREDENTIALS_KEY } from "./api-server.ts";
import type { RunningJudge } from "./judge-server.ts";
import { openTestProber } from "./test-prober.ts";

export interface TestWorker extends SieveWorker {
  stop(): Promise<void>;
}

/** A real worker in this process, consuming the queues of one test API against the given judge. */
export async function startTestWorker(options: {
  database: Database;
  queuePrefix: string;
  judge: RunningJudge;
  timeoutMs?: number;
  reconcileEveryMs?: number;
}): Promise<TestWorker> {
  const prober = await openTestProber(options.judge, options.timeoutMs);
  const connection = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { role: "worker" });
  const queues = createQueues({ connection, prefix: options.queuePrefix });
  const cipher = createCredentialCipher(TEST_CREDENTIALS_KEY);
  const worker = await createWorker({
    config: {
      QUEUE_PREFIX: options.queuePrefix,
      WORKER_CHUNK_CONCURRENCY: 4,
      WORKER_PROBE_CONCURRENCY: 200,
      WORKER_RESULT_BATCH: 10,
      WORKER_STALL_MS: 30_000,
      RECONCILE_EVERY_MS: options.reconcileEveryMs ?? 60_000,
    },
    connection,
    queues,
    writer: createCheckJobWriter({ pool: options.database.pool, cipher }),
    prober,
    cipher,
    logger: createLogger({ service: "worker", silent: true }),
  });
  return {
    close: (force) => worker.close(force),
    async stop() {
      await worker.close(true);
      await queues.close();
      connection.disconnect();
    },
  };
}
