import { parseRedisUrl } from "@sieve/vocabulary";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { stderrListener } from "./error-listener.ts";

/** A connection to one Redis or to a Redis Cluster: BullMQ, the limiters and the scripts take either. */
export type RedisClient = Redis | Cluster;

/**
 * Producers (the API) fail fast while Redis is away; workers persevere and wait for it.
 * Either way an `error` listener is attached, so a lost connection never crashes the process;
 * without `onError` it writes a line to stderr. A `redis+cluster://` URL gives a Cluster client
 * seeded with its nodes (see parseRedisUrl).
 */
export function createRedis(
  url: string,
  options: { role: "producer" | "worker"; onError?: (error: Error) => void },
): RedisClient {
  const worker = options.role === "worker";
  const shared = {
    enableOfflineQueue: worker,
    // BullMQ's workers need null (they block); a producer gives up after one retry.
    maxRetriesPerRequest: worker ? null : 1,
    connectTimeout: 2_000,
  } satisfies RedisOptions;
  const retry = (attempt: number) => Math.min(attempt * 200, 2_000);
  const target = parseRedisUrl(url);
  const redis = target.cluster
    ? new Cluster(target.nodes, {
        enableOfflineQueue: shared.enableOfflineQueue,
        clusterRetryStrategy: retry,
        redisOptions: {
          ...shared,
          ...(target.username ? { username: target.username } : {}),
          ...(target.password ? { password: target.password } : {}),
          ...(target.tls ? { tls: {} } : {}),
        },
      })
    : new Redis(url, { ...shared, lazyConnect: false, retryStrategy: retry });
  redis.on("error", options.onError ?? stderrListener("redis"));
  return redis;
}
