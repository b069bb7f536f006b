import {
  insertProxies,
  jsonBody,
  type PrivateDatabase,
  type TestAccount,
  type TestApi,
  test,
} from "@sieve/test-support";
import { describe, expect, vi } from "vitest";

// A long cache, as in production: only the rules below may make it answer fresh.
test.override("apiEnv", { LIST_META_TTL_MS: "600000" });

const page = async (api: TestApi, account: TestAccount) =>
  jsonBody(await api.get("/api/v1/api/proxies?limit=50", account.key));
const endCycle = (database: PrivateDatabase) =>
  database.pool.query(
    `INSERT INTO list_refresh (pool, refreshed_at) VALUES ('public', now())
     ON CONFLICT (pool) DO UPDATE SET refreshed_at = now()`,
  );

describe("the list's total", () => {
  test("is never below the items on the page, and is counted again once a refresh cycle ends", async ({
    api,
    database,
    owner: account,
  }) => {
    expect(await page(api, account)).toMatchObject({ total: 0, items: [] });

    await insertProxies(
      database.pool,
      Array.from({ length: 7 }, (_, i) => ({ host: `198.51.100.${i + 1}`, port: 8080 })),
    );
    const beforeCycle = await page(api, account);
    expect(beforeCycle.items).toHaveLength(7);
    expect(beforeCycle.total).toBe(7);

    await database.pool.query(
      "UPDATE proxies SET alive = false WHERE host IN ('198.51.100.1', '198.51.100.2')",
    );
    await endCycle(database);
    // Recounted in the background: until then the previous count, never below the page's items.
    const afterCycle = await page(api, account);
    expect(afterCycle.items).toHaveLength(5);
    expect(afterCycle.total).toBeGreaterThanOrEqual(5);
    expect(afterCycle.refreshed_at).toEqual(expect.any(String));
    await vi.waitFor(async () => {
      expect((await page(api, account)).total).toBe(5);
    });
  });
});
