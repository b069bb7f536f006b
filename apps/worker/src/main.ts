import {
  createCheckJobWriter,
  createCredentialCipher,
  createDatabase,
  createLogger,
  createQueues,
  createRedis,
  createShutdown,
  vetRedis,
} from "@sieve/core";
import { openProber } from "@sieve/probe";
import { ConfigError, parseConfig } from "@sieve/vocabulary";
import { WorkerConfig } from "./config.ts";
import { createWorker } from "./create-worker.ts";
import { createVerifiedListWorker } from "./verified-list-worker.ts";

let config: WorkerConfig;
try {
  config = parseConfig(WorkerConfig, process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger({ service: "worker", level: config.LOG_LEVEL });
const database = createDatabase({ url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX });
const connection = createRedis(config.REDIS_URL, {
  role: "worker",
  onError: (error) => logger.warn("redis error", { error: error.message }),
});
const redisRefusal = await vetRedis(connection, { allowEviction: config.REDIS_ALLOW_EVICTION, logger });
if (redisRefusal !== undefined) {
  console.error(redisRefusal);
  process.exit(1);
}
const queues = createQueues({ connection, prefix: config.QUEUE_PREFIX });
const cipher = createCredentialCipher(config.CREDENTIALS_KEY);
const prober = await openProber(config);
logger.info("target guard", prober.guard.policy);

const worker = await createWorker({
  config,
  connection,
  queues,
  writer: createCheckJobWriter({ pool: database.pool, cipher }),
  prober,
  cipher,
  logger,
});
const verifiedList = await createVerifiedListWorker({
  config,
  connection,
  queues,
  pool: database.pool,
  prober,
  guard: prober.guard,
  logger,
});

const shutdown = createShutdown(
  [
    {
      name: "worker",
      // Running chunks get the grace period; after it they are left to other workers, which
      // finish them without counting any item twice.
      close: async () => {
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<"over">((resolve) => {
          timer = setTimeout(() => resolve("over"), config.SHUTDOWN_GRACE_MS);
        });
        const outcome = await Promise.race([worker.close().then(() => "drained" as const), graceOver]);
        clearTimeout(timer);
        if (outcome === "over") await worker.close(true);
      },
    },
    // Re-check batches are short and idempotent; rows of an abandoned one come back after their lease.
    { name: "verified list", close: () => verifiedList.close() },
    { name: "queues", close: () => queues.close() },
    { name: "redis", close: async () => void (await connection.quit()) },
    { name: "database", close: () => database.close() },
  ],
  { logger, deadlineMs: config.SHUTDOWN_GRACE_MS + 10_000 },
);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void shutdown(signal).then((clean) => process.exit(clean ? 0 : 1)));
}
