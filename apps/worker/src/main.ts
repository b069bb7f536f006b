import { createDatabase, createLogger, createRedis, runProcess } from "@sieve/core";
import { composeWorker } from "./compose-worker.ts";
import { WorkerConfig } from "./config.ts";

await runProcess({
  schema: WorkerConfig,
  env: process.env,
  async start(config) {
    const logger = createLogger({ service: "worker", level: config.LOG_LEVEL });
    const database = createDatabase({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      onError: (error) => logger.warn("database pool error", { error: error.message }),
    });
    const redis = createRedis(config.REDIS_URL, {
      role: "worker",
      onError: (error) => logger.warn("redis error", { error: error.message }),
    });
    const { worker, queues } = await composeWorker(config, { logger, database, redis });
    return {
      logger,
      steps: [
        // Running tasks get the grace period; after it they are left to other workers, which
        // finish them without counting any item twice. Re-check batches are short and idempotent:
        // rows of an abandoned one come back after their lease.
        { name: "worker", close: () => worker.drain(config.SHUTDOWN_GRACE_MS) },
        { name: "queues", close: () => queues.close() },
        { name: "redis", close: async () => void (await redis.quit()) },
        { name: "database", close: () => database.close() },
      ],
      deadlineMs: config.SHUTDOWN_GRACE_MS + 10_000,
    };
  },
});
