import {
  createInvalidatedKeyCache,
  type Database,
  type InvalidatedKeyCache,
  invalidationChannel,
  keyCacheSubscriber,
  type Logger,
  listenForKeyChanges,
  type RedisClient,
} from "@sieve/core";
import { Cluster } from "ioredis";
import type { ApiConfig } from "./config.ts";

/**
 * The replica's key cache, listening for invalidations on its own connection to `redis` and for
 * the database's own notices of changes on its own connection to PostgreSQL. None
 * on a Redis Cluster: PUBLISH there counts the receivers of one node only, so a writer could not
 * know how many acks to wait for, and every lookup goes to PostgreSQL as without the cache.
 */
export function openKeyCache(deps: {
  redis: RedisClient;
  /** The replica's database pool, whose settings the listener's own connection takes. */
  pool: Database["pool"];
  publisher: RedisClient;
  config: ApiConfig;
  logger: Logger;
}): InvalidatedKeyCache | undefined {
  if (deps.redis instanceof Cluster) {
    deps.logger.warn("API_KEY_CACHE is ignored on a Redis Cluster: keys are looked up on every request");
    return undefined;
  }
  const logged = (what: string) => (error: unknown) =>
    deps.logger.debug(what, { error: error instanceof Error ? error.message : String(error) });
  return createInvalidatedKeyCache({
    subscriber: keyCacheSubscriber(deps.redis),
    publisher: deps.publisher,
    channel: invalidationChannel(deps.config.QUEUE_PREFIX),
    changes: (handlers) =>
      listenForKeyChanges({ pool: deps.pool, onError: logged("key cache database listener") }, handlers),
    onError: logged("key cache subscriber"),
  });
}
