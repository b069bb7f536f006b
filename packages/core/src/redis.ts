import { Redis } from "ioredis";
import { stderrListener } from "./error-listener.ts";

/**
 * Producers (the API) fail fast while Redis is away; workers persevere and wait for it.
 * Either way an `error` listener is attached, so a lost connection never crashes the process;
 * without `onError` it writes a line to stderr.
 */
export function createRedis(
  url: string,
  options: { role: "producer" | "worker"; onError?: (error: Error) => void },
): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: options.role === "worker",
    maxRetriesPerRequest: options.role === "worker" ? null : 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on("error", options.onError ?? stderrListener("redis"));
  return redis;
}
