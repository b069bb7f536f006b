import { createTestAccount, type TestApi, test, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { cacheOn, isCached, proxies, startReplicas } from "./key-cache-replicas.ts";

/**
 * Changes nobody announces over Redis (SQL by hand) reach the replicas' key caches from the
 * database's own triggers (migration 20261209090000_key_change_notify): well before the 60 s an
 * entry may live, which is what these waits bound.
 */
const HEARD_WITHIN_MS = 2_000;

const heard = (what: string, done: () => boolean | Promise<boolean>) =>
  waitFor(done, { timeout: HEARD_WITHIN_MS, interval: 10, what });

async function withTwoReplicas(
  database: Parameters<typeof startReplicas>[0],
  work: (replicas: TestApi[]) => Promise<void>,
): Promise<void> {
  const { replicas } = await startReplicas(database, 2);
  try {
    await work(replicas);
  } finally {
    await Promise.all(replicas.map((replica) => replica.close()));
  }
}

describe("the key cache and changes made in SQL by hand", () => {
  test("refuses a key revoked in SQL on each replica a moment after the commit", async ({ database }) => {
    await withTwoReplicas(database, async (replicas) => {
      const account = await createTestAccount(database.prisma);
      for (const replica of replicas) await cacheOn(replica, account.key);
      await database.pool.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [account.keyId]);
      for (const replica of replicas) {
        await heard("the revocation", () => !isCached(replica, account.key));
        expect((await proxies(replica, account.key)).status).toBe(401);
      }
    });
  });

  test("applies an account suspended and a key deleted in SQL on each replica", async ({ database }) => {
    await withTwoReplicas(database, async (replicas) => {
      const suspended = await createTestAccount(database.prisma);
      const deleted = await createTestAccount(database.prisma);
      for (const replica of replicas) {
        await cacheOn(replica, suspended.key);
        await cacheOn(replica, deleted.key);
      }
      await database.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [
        suspended.accountId,
      ]);
      await database.pool.query("DELETE FROM api_keys WHERE id = $1", [deleted.keyId]);
      for (const replica of replicas) {
        await heard(
          "both changes",
          () => !isCached(replica, suspended.key) && !isCached(replica, deleted.key),
        );
        expect((await proxies(replica, suspended.key)).status).toBe(403);
        expect((await proxies(replica, deleted.key)).status).toBe(401);
      }
    });
  });

  test("keeps entries when only columns a lookup does not read change", async ({ database }) => {
    const { replicas } = await startReplicas(database, 1);
    const replica = replicas[0]!;
    try {
      const kept = await createTestAccount(database.prisma);
      const sentinel = await createTestAccount(database.prisma);
      await cacheOn(replica, kept.key);
      await cacheOn(replica, sentinel.key);
      await database.pool.query("UPDATE api_keys SET name = 'renamed', last_used_at = now() WHERE id = $1", [
        kept.keyId,
      ]);
      // Notifications arrive in commit order: once the sentinel's is heard, any for `kept` was too.
      await database.pool.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [sentinel.keyId]);
      await heard("the sentinel's revocation", () => !isCached(replica, sentinel.key));
      expect(isCached(replica, kept.key)).toBe(true);
    } finally {
      await replica.close();
    }
  });

  test("stops trusting its cache when its database listener is cut, and listens again", async ({
    database,
  }) => {
    const { replicas } = await startReplicas(database, 1);
    const replica = replicas[0]!;
    try {
      const account = await createTestAccount(database.prisma);
      await cacheOn(replica, account.key);
      const cut = await database.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'sieve key cache' AND datname = current_database()`,
      );
      expect(cut.rowCount).toBe(1);
      await heard("the listener's loss", () => !replica.keyCache!.trusted());
      expect(replica.keyCache!.cache.size).toBe(0);
      await waitFor(() => replica.keyCache!.trusted(), {
        timeout: 5_000,
        interval: 20,
        what: "listening again",
      });
      await cacheOn(replica, account.key);
      await database.pool.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [account.keyId]);
      await heard("the revocation on the new connection", () => !isCached(replica, account.key));
      expect((await proxies(replica, account.key)).status).toBe(401);
    } finally {
      await replica.close();
    }
  });
});
