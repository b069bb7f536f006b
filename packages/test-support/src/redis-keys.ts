import { randomBytes } from "node:crypto";
import { createRedis } from "@sieve/core";

/**
 * Every Redis key a test makes lives under a prefix claimed here (queue prefixes, rate-limit
 * prefixes), so the setup file can delete them all once the file's fixtures are torn down.
 * Claimed prefixes start with `sieve-test-`, which nothing but a test run ever uses.
 */
export const TEST_KEY_NAMESPACE = "sieve-test-";

const claimed = new Set<string>();

const sharedRedisUrl = () => process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A fresh prefix such as `sieve-test-queue-1a2b3c4d5e6f`, removed from Redis after the test file. */
export function claimKeyPrefix(kind: string): string {
  const prefix = `${TEST_KEY_NAMESPACE}${kind}-${randomBytes(6).toString("hex")}`;
  claimed.add(prefix);
  return prefix;
}

/** Keys under each prefix (`prefix:*`), counted with SCAN; for checks that nothing is left. */
export async function countKeysUnder(
  prefixes: Iterable<string>,
  redisUrl = sharedRedisUrl(),
): Promise<number> {
  let count = 0;
  await scanEach(prefixes, redisUrl, async (keys) => {
    count += keys.length;
  });
  return count;
}

/** Deletes every key under each prefix with SCAN and UNLINK (never KEYS: Redis is shared). */
export async function removeKeysUnder(
  prefixes: Iterable<string>,
  redisUrl = sharedRedisUrl(),
): Promise<void> {
  await scanEach(prefixes, redisUrl, async (keys, redis) => {
    await redis.unlink(...keys);
  });
}

/** Deletes the keys of every prefix this test file claimed; the setup file runs it last. */
export async function removeClaimedKeys(): Promise<void> {
  if (claimed.size === 0) return;
  await removeKeysUnder(claimed);
  claimed.clear();
}

/** The prefixes claimed so far in this test file. */
export function claimedKeyPrefixes(): string[] {
  return [...claimed];
}

async function scanEach(
  prefixes: Iterable<string>,
  redisUrl: string,
  onKeys: (keys: string[], redis: ReturnType<typeof createRedis>) => Promise<void>,
): Promise<void> {
  const redis = createRedis(redisUrl, { role: "worker" });
  try {
    for (const prefix of prefixes) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        if (keys.length > 0) await onKeys(keys, redis);
        cursor = next;
      } while (cursor !== "0");
    }
  } finally {
    redis.disconnect();
  }
}
