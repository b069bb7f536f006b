import {
  createTestAccount,
  type PrivateDatabase,
  test as sieveTest,
  type TestApi,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

/** An admin and a premium user in the file's database. */
const test = sieveTest
  .extend("admin", { scope: "file" }, ({ database }) => createTestAccount(database.prisma, { role: "admin" }))
  .extend("user", { scope: "file" }, ({ database }) =>
    createTestAccount(database.prisma, { premiumUntil: new Date(Date.now() + 86_400_000) }),
  );

function send(api: TestApi, method: "POST" | "DELETE", key: string, proxiesText: string) {
  return fetch(`${api.url}/api/v1/api/admin/premium/proxies`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ proxies_text: proxiesText }),
  });
}

const premiumRows = async (database: PrivateDatabase) =>
  (
    await database.pool.query<{ host: string; port: number; protocol: string; pool: string; alive: boolean }>(
      "SELECT host, port, protocol, pool, alive FROM proxies ORDER BY host",
    )
  ).rows;

describe("premium pool administration", () => {
  test("lets an admin add proxies, which wait unchecked and unserved in the premium pool", async ({
    api,
    database,
    admin,
    user,
  }) => {
    const response = await send(
      api,
      "POST",
      admin.key,
      "203.0.113.7:8080\nsocks5://203.0.113.8:1080\n203.0.113.7:8080",
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ candidates: 2, added: 2, with_credentials: 0 });
    expect(await premiumRows(database)).toEqual([
      { host: "203.0.113.7", port: 8080, protocol: "http", pool: "premium", alive: false },
      { host: "203.0.113.8", port: 1080, protocol: "socks5", pool: "premium", alive: false },
    ]);
    const served = await api.get("/api/v1/api/premium/proxies", user.key);
    expect(((await served.json()) as { total: number }).total).toBe(0);
  });

  test("lets an admin remove proxies by address", async ({ api, database, admin }) => {
    const response = await send(api, "DELETE", admin.key, "203.0.113.8:1080");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ candidates: 1, removed: 1 });
    expect((await premiumRows(database)).map((row) => row.host)).toEqual(["203.0.113.7"]);
  });

  test("refuses callers without admin.premium.write and bodies without proxies", async ({
    api,
    admin,
    user,
  }) => {
    const refused = await send(api, "POST", user.key, "203.0.113.9:80");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: "your role lacks the admin.premium.write permission",
    });
    const empty = await send(api, "POST", admin.key, "nothing here");
    expect(empty.status).toBe(400);
  });
});
