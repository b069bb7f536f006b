import { hasHashTag, parseRedisUrl } from "@sieve/vocabulary";
import { createDatabase, type Database, type DatabaseOptions } from "../db/database.ts";
import { createLogger, type Logger } from "../logger.ts";
import { createRedis } from "../redis.ts";
import { vetRedis } from "../redis-policy.ts";
import { StartRefused } from "./run-process.ts";
import type { ShutdownStep } from "./shutdown.ts";

export interface ServiceClients {
  logger: Logger;
  database: Database;
  redis: ReturnType<typeof createRedis>;
  /** Closes Redis, then the database: the last steps of the process's shutdown. */
  closeSteps: ShutdownStep[];
}

/**
 * The clients a service process (the API, a worker) opens from its config: its logger, one
 * database pool, one Redis connection of its role. Their errors become warnings in its log.
 * A Redis that may evict keys (and so lose jobs) refuses the start unless REDIS_ALLOW_EVICTION;
 * so does a Redis Cluster with a QUEUE_PREFIX that is not a hash tag.
 */
export async function openServiceClients(
  config: {
    LOG_LEVEL: string;
    DATABASE_URL: string;
    DATABASE_POOL_MAX: number;
    REDIS_URL: string;
    REDIS_ALLOW_EVICTION: boolean;
    /** The BullMQ key prefix, when the process queues or consumes jobs. */
    QUEUE_PREFIX?: string;
  },
  options: {
    service: string;
    role: "producer" | "worker";
    /** The pools' settings when the app sets more than the URL and size (the API's export pool). */
    database?: Omit<DatabaseOptions, "onError">;
  },
): Promise<ServiceClients> {
  const logger = createLogger({ service: options.service, level: config.LOG_LEVEL });
  // BullMQ's scripts touch several keys of a queue at once; on a cluster they must share a slot.
  if (
    config.QUEUE_PREFIX !== undefined &&
    parseRedisUrl(config.REDIS_URL).cluster &&
    !hasHashTag(config.QUEUE_PREFIX)
  ) {
    throw new StartRefused(
      `QUEUE_PREFIX "${config.QUEUE_PREFIX}" has no hash tag: on a Redis Cluster set it to one in braces, e.g. {${config.QUEUE_PREFIX}}`,
    );
  }
  const database = createDatabase({
    ...(options.database ?? { url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX }),
    onError: (error) => logger.warn("database pool error", { error: error.message }),
  });
  const redis = createRedis(config.REDIS_URL, {
    role: options.role,
    onError: (error) => logger.warn("redis error", { error: error.message }),
  });
  const refusal = await vetRedis(redis, { allowEviction: config.REDIS_ALLOW_EVICTION, logger });
  if (refusal !== undefined) throw new StartRefused(refusal);
  return {
    logger,
    database,
    redis,
    closeSteps: [
      { name: "redis", close: async () => void (await redis.quit()) },
      { name: "database", close: () => database.close() },
    ],
  };
}
