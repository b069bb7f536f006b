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
  options: {
    role: "producer" | "worker";
    onError?: (error: Error) => void;
    /**
     * Sends the commands issued in one event-loop turn in one write. Only for connections that
     * carry plain commands (the API's limits): BullMQ's have blocking reads and MULTIs.
     */
    autoPipelining?: boolean;
  },
): RedisClient {
  const worker = options.role === "worker";
  const enableAutoPipelining = options.autoPipelining ?? false;
  const shared = {
    enableOfflineQueue: worker,
    enableAutoPipelining,
    // BullMQ's workers need null (they block); a producer gives up after one retry.
    maxRetriesPerRequest: worker ? null : 1,
    connectTimeout: 2_000,
  } satisfies RedisOptions;
  const retry = (attempt: number) => Math.min(attempt * 200, 2_000);
  const target = parseRedisUrl(url);
  const redis = target.cluster
    ? new Cluster(target.nodes, {
        enableOfflineQueue: shared.enableOfflineQueue,
        enableAutoPipelining,
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
