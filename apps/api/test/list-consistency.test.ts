import {
  createPrivateDatabase,
  createTestAccount,
  insertProxies,
  jsonBody,
  type PrivateDatabase,
  startTestApi,
  type TestAccount,
  type TestApi,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: PrivateDatabase;
let api: TestApi;
let account: TestAccount;

beforeAll(async () => {
  database = await createPrivateDatabase();
  // A long cache, as in production: only the rules below may make it answer fresh.
  api = await startTestApi(database, { LIST_META_TTL_MS: "600000" });
  account = await createTestAccount(database.prisma);
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const page = async () => jsonBody(await api.get("/api/v1/api/proxies?limit=50", account.key));
const endCycle = () =>
  database.pool.query(
    `INSERT INTO list_refresh (pool, refreshed_at) VALUES ('public', now())
     ON CONFLICT (pool) DO UPDATE SET refreshed_at = now()`,
  );

describe("the list's total", () => {
  it("is never below the items on the page, and is counted again when a refresh cycle ends", async () => {
    expect(await page()).toMatchObject({ total: 0, items: [] });

    await insertProxies(
      database.pool,
      Array.from({ length: 7 }, (_, i) => ({ host: `198.51.100.${i + 1}`, port: 8080 })),
    );
    const beforeCycle = await page();
    expect(beforeCycle.items).toHaveLength(7);
    expect(beforeCycle.total).toBe(7);

    await database.pool.query(
      "UPDATE proxies SET alive = false WHERE host IN ('198.51.100.1', '198.51.100.2')",
    );
    await endCycle();
    const afterCycle = await page();
    expect(afterCycle.items).toHaveLength(5);
    expect(afterCycle.total).toBe(5);
    expect(afterCycle.refreshed_at).toEqual(expect.any(String));
  });
});
