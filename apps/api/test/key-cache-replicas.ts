import {
  type ApiKeyRepository,
  createAccountRepository,
  createApiKeyRepository,
  createKeyInvalidationPublisher,
  createRedis,
  digestApiKey,
  invalidationChannel,
  type KeyInvalidation,
  type PrismaClient,
} from "@sieve/core";
import {
  claimKeyPrefix,
  createTestAccount,
  type PrivateDatabase,
  startTestApi,
  type TestApi,
  waitFor,
} from "@sieve/test-support";
import { expect } from "vitest";

/** Settings of every caching replica in these tests: generous limits, the cache on. */
export const cachingEnv = {
  API_KEY_CACHE: "true",
  RATE_LIMIT_API_READ_FREE: "100000",
  RATE_LIMIT_API_READ_PREMIUM: "100000",
  RATE_LIMIT_AUTH_FAILURES: "100000",
};

/** Replicas of one deployment: one database, one Redis, one QUEUE_PREFIX (hence one channel). */
export async function startReplicas(
  database: PrivateDatabase,
  count: number,
  env: Record<string, string> = {},
  /** Where their key caches' subscribers connect instead (a relay the test can cut). */
  keyCacheRedisUrl?: string,
): Promise<{ replicas: TestApi[]; queuePrefix: string }> {
  const queuePrefix = claimKeyPrefix("queue");
  const rateLimitPrefix = claimKeyPrefix("rate-limit");
  const replicas = await Promise.all(
    Array.from({ length: count }, () =>
      startTestApi(
        database,
        { ...cachingEnv, QUEUE_PREFIX: queuePrefix, ...env },
        { rateLimitPrefix, ...(keyCacheRedisUrl ? { keyCacheRedisUrl } : {}) },
      ),
    ),
  );
  return { replicas, queuePrefix };
}

export const proxies = (api: TestApi, key: string) => api.get("/api/v1/api/proxies?limit=1", key);

/**
 * Uses the key on the replica until it is in its cache. The cache trusts itself soon after start,
 * and a change the test just made reaches it twice: by the writer's Redis invalidation before the
 * write returns, and by the database's NOTIFY a moment later, which may drop the entry the first
 * request here filled; the next request fills it again.
 */
export async function cacheOn(api: TestApi, key: string, expected = 200): Promise<void> {
  const cache = api.keyCache;
  if (!cache) throw new Error("the replica has no key cache");
  await waitFor(() => cache.trusted(), {
    timeout: 5_000,
    interval: 20,
    what: "the key cache to trust itself",
  });
  for (let attempt = 1; ; attempt++) {
    expect((await proxies(api, key)).status).toBe(expected);
    if (isCached(api, key)) return;
    if (attempt === 5) throw new Error("the key never stayed in the replica's cache");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether the replica's cache holds the key now (and would answer from it). */
export function isCached(api: TestApi, key: string): boolean {
  return api.keyCache?.cache.get(Buffer.from(digestApiKey(key)).toString("base64")) !== undefined;
}

/**
 * Waits until `api`'s key cache no longer holds `key`. A write straight into the database (a test
 * moving a key's expiry into the past, an operator's SQL) reaches the cache by PostgreSQL's NOTIFY
 * a moment after it commits; only the API's own writers invalidate before they return.
 */
export async function untilDropped(api: TestApi, key: string): Promise<void> {
  await waitFor(() => !isCached(api, key), {
    timeout: 5_000,
    interval: 5,
    what: "the key cache to hear of the database's change",
  });
}

/**
 * Waits until each replica's database feed has heard every change committed so far, so that no
 * late NOTIFY drops an entry the test fills next. Notifications arrive in commit order: once a
 * sentinel key's revocation, committed now, has dropped it from a cache, every earlier one was heard.
 */
export async function untilHeardSoFar(database: PrivateDatabase, replicas: TestApi[]): Promise<void> {
  const sentinel = await createTestAccount(database.prisma);
  for (const replica of replicas) await cacheOn(replica, sentinel.key);
  await database.pool.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [sentinel.keyId]);
  for (const replica of replicas) await untilDropped(replica, sentinel.key);
}

/** The stores a writer outside the API uses (as the CLI does), publishing on the deployment's Redis. */
export function writerStores(
  prisma: PrismaClient,
  queuePrefix: string,
  redisUrl = process.env.TEST_REDIS_URL,
) {
  const redis = createRedis(redisUrl ?? "redis://127.0.0.1:6379", { role: "producer", onError: () => {} });
  const invalidation: KeyInvalidation = createKeyInvalidationPublisher({
    redis,
    channel: invalidationChannel(queuePrefix),
  });
  const keys: ApiKeyRepository = createApiKeyRepository({ prisma, invalidation });
  return {
    invalidation,
    keys,
    accounts: createAccountRepository({ prisma, invalidation }),
    async close() {
      await invalidation.close();
      redis.disconnect();
    },
  };
}

/**
 * Two caching replicas of one deployment and a writer outside them (as the CLI is), handed to
 * `work` and closed after it, whatever it throws.
 */
export async function withReplicas(
  database: PrivateDatabase,
  work: (deployment: {
    replicas: TestApi[];
    queuePrefix: string;
    writer: ReturnType<typeof writerStores>;
  }) => Promise<void>,
): Promise<void> {
  const { replicas, queuePrefix } = await startReplicas(database, 2);
  const writer = writerStores(database.prisma, queuePrefix);
  try {
    await work({ replicas, queuePrefix, writer });
  } finally {
    await writer.close();
    await Promise.all(replicas.map((replica) => replica.close()));
  }
}
