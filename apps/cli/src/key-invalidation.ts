import {
  createKeyInvalidationPublisher,
  createRedis,
  INVALIDATION_BOUND_MS,
  invalidationChannel,
  type KeyInvalidation,
  type RedisClient,
} from "@sieve/core";
import type { CliConfig } from "./cli-config.ts";

/**
 * The CLI's side of the API replicas' key caches: connects to Redis only when a command changes
 * a key or an account, and closes with the command.
 *
 * When Redis cannot be reached, the change is committed already and stays: a replica cut off
 * from Redis stops trusting its cache within the bound, but one that still reaches it (this
 * machine's REDIS_URL is wrong, say) may accept the old state for up to a minute, so it is said
 * on stderr rather than passed over.
 */
export function cliKeyInvalidation(config: CliConfig): KeyInvalidation {
  let redis: RedisClient | undefined;
  let publisher: KeyInvalidation | undefined;
  return {
    invalidate(target) {
      redis ??= createRedis(config.REDIS_URL, { role: "producer", onError: () => {} });
      publisher ??= createKeyInvalidationPublisher({
        redis,
        channel: invalidationChannel(config.QUEUE_PREFIX),
        onUnreachable: (error) => {
          const reason = error instanceof Error ? error.message : String(error);
          process.stderr.write(
            `warning: the change is saved, but the API replicas could not be told (Redis at REDIS_URL: ${reason}). ` +
              `Replicas without Redis stopped trusting their key caches within ${INVALIDATION_BOUND_MS} ms; ` +
              "one that still reaches another Redis may accept the old state for up to 60 s.\n",
          );
        },
      });
      return publisher.invalidate(target);
    },
    async close() {
      await publisher?.close();
      redis?.disconnect();
    },
  };
}
