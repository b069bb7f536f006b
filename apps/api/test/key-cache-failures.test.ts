import { connect, createServer, type Server, type Socket } from "node:net";
import { digestApiKey, INVALIDATION_BOUND_MS } from "@sieve/core";
import { createTestAccount, startPrivateRedis, test, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { cacheOn, isCached, proxies, startReplicas, writerStores } from "./key-cache-replicas.ts";

/**
 * A TCP relay to Redis that the test can freeze: the connection stays open, nothing more goes
 * through, as on a network that silently drops packets.
 */
async function startFreezableRelay(
  port: number,
): Promise<{ url: string; freeze(): void; dropConnections(): void; close(): Promise<void> }> {
  let frozen = false;
  const sockets: Socket[] = [];
  const server: Server = createServer((inbound) => {
    const outbound = connect(port, "127.0.0.1");
    sockets.push(inbound, outbound);
    inbound.on("data", (chunk) => frozen || outbound.write(chunk));
    outbound.on("data", (chunk) => frozen || inbound.write(chunk));
    for (const socket of [inbound, outbound]) {
      socket.on("error", () => {});
      socket.on("close", () => (socket === inbound ? outbound : inbound).destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("relay has no port");
  return {
    url: `redis://127.0.0.1:${address.port}`,
    freeze: () => {
      frozen = true;
    },
    /** Closes every connection through it and keeps listening, so clients reconnect. */
    dropConnections: () => {
      for (const socket of sockets.splice(0)) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const redisPort = () => Number(new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379").port || 6379);

describe("the key cache when Redis cannot be heard", () => {
  test("stops answering within the bound on a replica whose subscriber hears nothing, so a revocation it missed holds", async ({
    database,
  }) => {
    const relay = await startFreezableRelay(redisPort());
    const { replicas, queuePrefix } = await startReplicas(database, 1);
    const { replicas: deaf } = await startReplicas(database, 1, { QUEUE_PREFIX: queuePrefix }, relay.url);
    const cut = deaf[0]!;
    const writer = writerStores(database.prisma, queuePrefix);
    try {
      const account = await createTestAccount(database.prisma);
      await cacheOn(replicas[0]!, account.key);
      await cacheOn(cut, account.key);
      relay.freeze();
      const startedAt = performance.now();
      await writer.keys.revoke(account.keyId);
      // The deaf replica counted in PUBLISH's answer but never acked: the writer waited out B.
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(INVALIDATION_BOUND_MS);
      expect(cut.keyCache!.trusted()).toBe(false);
      expect((await proxies(cut, account.key)).status).toBe(401);
      expect((await proxies(replicas[0]!, account.key)).status).toBe(401);
    } finally {
      await writer.close();
      await Promise.all([...replicas, ...deaf].map((replica) => replica.close()));
      await relay.close();
    }
  });

  test("revokes while Redis is down: the writer returns within about the bound and the key is refused", async ({
    database,
  }) => {
    const redis = await startPrivateRedis();
    const { replicas, queuePrefix } = await startReplicas(database, 1, { REDIS_URL: redis.url });
    const replica = replicas[0]!;
    const writer = writerStores(database.prisma, queuePrefix, redis.url);
    try {
      const account = await createTestAccount(database.prisma);
      await cacheOn(replica, account.key);
      await redis.stop();
      const startedAt = performance.now();
      const revoked = await writer.keys.revoke(account.keyId);
      const took = performance.now() - startedAt;
      expect(revoked.revokedAt).toBeInstanceOf(Date);
      expect(took).toBeLessThan(INVALIDATION_BOUND_MS + 1_000);
      expect(replica.keyCache!.trusted()).toBe(false);
      // Rate limits fall back to memory without Redis; the lookup goes to PostgreSQL.
      expect((await proxies(replica, account.key)).status).toBe(401);
      expect(replica.logs.join("")).not.toContain(account.key);
    } finally {
      await writer.close();
      await replica.close();
      await redis.stop();
    }
  });

  test("clears the cache when the subscriber reconnects and trusts it again only once subscribed", async ({
    database,
  }) => {
    const relay = await startFreezableRelay(redisPort());
    const { replicas } = await startReplicas(database, 1, {}, relay.url);
    const replica = replicas[0]!;
    try {
      const account = await createTestAccount(database.prisma);
      await cacheOn(replica, account.key);
      await relay.close();
      await waitFor(() => !replica.keyCache!.trusted(), { timeout: 3_000, interval: 10 });
      expect(replica.keyCache!.cache.size).toBe(0);
      // Revoked in SQL, announced to nobody: with the cache cleared, the next request asks PostgreSQL.
      await database.pool.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [account.keyId]);
      expect((await proxies(replica, account.key)).status).toBe(401);
    } finally {
      await replica.close();
    }
  });

  test("after its subscriber reconnects, hears invalidations again and answers from the cache again", async ({
    database,
  }) => {
    const relay = await startFreezableRelay(redisPort());
    const { replicas, queuePrefix } = await startReplicas(database, 1, {}, relay.url);
    const replica = replicas[0]!;
    const writer = writerStores(database.prisma, queuePrefix);
    try {
      const account = await createTestAccount(database.prisma);
      await cacheOn(replica, account.key);
      relay.dropConnections();
      await waitFor(() => !replica.keyCache!.trusted(), { timeout: 3_000, interval: 10 });
      expect(isCached(replica, account.key)).toBe(false);
      await cacheOn(replica, account.key);
      const startedAt = performance.now();
      await writer.keys.revoke(account.keyId);
      // Acknowledged by the resubscribed replica: the writer did not wait out the bound.
      expect(performance.now() - startedAt).toBeLessThan(INVALIDATION_BOUND_MS);
      expect((await proxies(replica, account.key)).status).toBe(401);
    } finally {
      await writer.close();
      await replica.close();
      await relay.close();
    }
  });
});

describe("what the key cache keeps", () => {
  test("never keeps an unknown key: one issued later is accepted on its first use", async ({ database }) => {
    const { replicas } = await startReplicas(database, 1);
    const replica = replicas[0]!;
    try {
      const account = await createTestAccount(database.prisma);
      await cacheOn(replica, account.key);
      const later = await createTestAccount(database.prisma);
      // Make `later.key` unknown for a moment by moving its digest away, then back.
      await database.pool.query("UPDATE api_keys SET digest = sha256(digest) WHERE id = $1", [later.keyId]);
      expect((await proxies(replica, later.key)).status).toBe(401);
      expect(isCached(replica, later.key)).toBe(false);
      await database.pool.query("DELETE FROM api_keys WHERE id = $1", [later.keyId]);
      await database.prisma.apiKey.create({
        data: {
          accountId: later.accountId,
          name: "again",
          prefix: later.key.slice(0, 14),
          digest: digestApiKey(later.key),
        },
      });
      expect((await proxies(replica, later.key)).status).toBe(200);
    } finally {
      await replica.close();
    }
  });
});
