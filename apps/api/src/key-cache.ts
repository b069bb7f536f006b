import {
  createInvalidatedKeyCache,
  type InvalidatedKeyCache,
  invalidationChannel,
  keyCacheSubscriber,
  type Logger,
  type RedisClient,
} from "@sieve/core";
import { Cluster } from "ioredis";
import type { ApiConfig } from "./config.ts";

/**
 * The replica's key cache, listening for invalidations on its own connection to `redis`. None
 * on a Redis Cluster: PUBLISH there counts the receivers of one node only, so a writer could not
 * know how many acks to wait for, and every lookup goes to PostgreSQL as without the cache.
 */
export function openKeyCache(deps: {
  redis: RedisClient;
  publisher: RedisClient;
  config: ApiConfig;
  logger: Logger;
}): InvalidatedKeyCache | undefined {
  if (deps.redis instanceof Cluster) {
    deps.logger.warn("API_KEY_CACHE is ignored on a Redis Cluster: keys are looked up on every request");
    return undefined;
  }
  return createInvalidatedKeyCache({
    subscriber: keyCacheSubscriber(deps.redis),
    publisher: deps.publisher,
    channel: invalidationChannel(deps.config.QUEUE_PREFIX),
    onError: (error) =>
      deps.logger.debug("key cache subscriber", {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
}
