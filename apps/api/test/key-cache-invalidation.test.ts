import {
  createPersonAccount,
  createTestAccount,
  DashboardClient,
  type TestApi,
  test,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { runSieve } from "../../cli/test/run-sieve.ts";
import { cacheOn, isCached, untilHeardSoFar, withReplicas } from "./key-cache-replicas.ts";

const DAY = 86_400_000;

/** Two caching replicas of one deployment, with the key used (so cached) on both. */
async function cachedOnBoth(replicas: TestApi[], key: string, expected = 200): Promise<void> {
  for (const replica of replicas) await cacheOn(replica, key, expected);
}

async function statuses(
  replicas: TestApi[],
  key: string,
  path = "/api/v1/api/proxies?limit=1",
): Promise<number[]> {
  const answers = [];
  for (const replica of replicas) answers.push((await replica.get(path, key)).status);
  return answers;
}

async function signedIn(api: TestApi, person: { email: string; password: string }): Promise<DashboardClient> {
  const client = new DashboardClient(api.url);
  expect((await client.signIn(person.email, person.password)).status).toBe(200);
  return client;
}

describe("the key cache of two replicas", () => {
  test("refuses a key revoked through one replica's dashboard on the next request on each replica", async ({
    database,
  }) => {
    await withReplicas(database, async ({ replicas }) => {
      const person = await createPersonAccount(database.prisma);
      const client = await signedIn(replicas[0]!, person);
      const created = (await (
        await client.dash("POST", "/keys", { name: "ci", expires_days: null })
      ).json()) as {
        key: { id: string };
        secret: string;
      };
      await cachedOnBoth(replicas, created.secret);
      expect((await client.dash("POST", `/keys/${created.key.id}/revoke`)).status).toBe(200);
      expect(await statuses(replicas, created.secret)).toEqual([401, 401]);
    });
  });

  test("refuses a key revoked through the repository and through the CLI on the next request on each replica", async ({
    database,
  }) => {
    await withReplicas(database, async ({ replicas, queuePrefix, writer }) => {
      const first = await createTestAccount(database.prisma);
      await cachedOnBoth(replicas, first.key);
      await writer.keys.revoke(first.keyId);
      expect(await statuses(replicas, first.key)).toEqual([401, 401]);

      const second = await createTestAccount(database.prisma);
      await cachedOnBoth(replicas, second.key);
      const run = await runSieve(["key", "revoke", second.keyId], {
        DATABASE_URL: database.url,
        QUEUE_PREFIX: queuePrefix,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/warning/);
      expect(await statuses(replicas, second.key)).toEqual([401, 401]);
    });
  });

  test("answers 403 on each replica right after the account is suspended (CLI), and 200 once activated (admin route)", async ({
    database,
  }) => {
    await withReplicas(database, async ({ replicas, queuePrefix }) => {
      const account = await createTestAccount(database.prisma);
      await cachedOnBoth(replicas, account.key);
      const env = { DATABASE_URL: database.url, QUEUE_PREFIX: queuePrefix };
      const run = await runSieve(["account", "suspend", account.accountId], env);
      expect(run.code, run.stderr).toBe(0);
      expect(await statuses(replicas, account.key)).toEqual([403, 403]);
      // Now cached as suspended on both; activation must reach them too.
      await cachedOnBoth(replicas, account.key, 403);
      const admin = await createPersonAccount(database.prisma, { role: "admin" });
      const client = await signedIn(replicas[1]!, admin);
      expect((await client.dash("POST", `/admin/accounts/${account.accountId}/activate`)).status).toBe(200);
      expect(await statuses(replicas, account.key)).toEqual([200, 200]);
    });
  });

  test("applies a role change and a premium change on the next request on each replica", async ({
    database,
  }) => {
    const premiumPath = "/api/v1/api/premium/proxies";
    await withReplicas(database, async ({ replicas, writer }) => {
      const account = await createTestAccount(database.prisma, { premiumUntil: new Date(Date.now() + DAY) });
      await cachedOnBoth(replicas, account.key);
      expect(await statuses(replicas, account.key, premiumPath)).toEqual([200, 200]);

      const admin = await createPersonAccount(database.prisma, { role: "admin" });
      const client = await signedIn(replicas[0]!, admin);
      const demoted = await client.dash("POST", `/admin/accounts/${account.accountId}/role`, {
        role: "readonly",
      });
      expect(demoted.status).toBe(200);
      expect(await statuses(replicas, account.key, premiumPath)).toEqual([403, 403]);

      await writer.accounts.setRole(account.accountId, "user");
      await cachedOnBoth(replicas, account.key);
      expect(await statuses(replicas, account.key, premiumPath)).toEqual([200, 200]);
      await writer.accounts.setPremium(account.accountId, 0);
      expect(await statuses(replicas, account.key, premiumPath)).toEqual([403, 403]);
      const renewed = await client.dash("POST", `/admin/accounts/${account.accountId}/premium`, { days: 30 });
      expect(renewed.status).toBe(200);
      expect(await statuses(replicas, account.key, premiumPath)).toEqual([200, 200]);
    });
  });

  test("keeps a rolled key during its grace and refuses it from a cache hit right after the grace ends", async ({
    database,
  }) => {
    await withReplicas(database, async ({ replicas, writer }) => {
      const account = await createTestAccount(database.prisma);
      await cachedOnBoth(replicas, account.key);
      const graceMs = 2_000;
      const rolled = await writer.keys.roll(account.keyId, graceMs);
      const graceEnd = rolled.old.expiresAt!.getTime();
      // Looked up again after the roll's invalidation: cached with the grace's end.
      await untilHeardSoFar(database, replicas);
      await cachedOnBoth(replicas, account.key);
      expect(await statuses(replicas, rolled.key)).toEqual([200, 200]);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnd - Date.now()) + 20));
      // Still in the caches (no invalidation at the grace's end): the clock refuses it on the hit.
      expect(replicas.map((replica) => isCached(replica, account.key))).toEqual([true, true]);
      expect(await statuses(replicas, account.key)).toEqual([401, 401]);
      expect(await statuses(replicas, rolled.key)).toEqual([200, 200]);
    });
  });
});
