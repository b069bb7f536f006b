import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../../../test/support/accounts.ts";
import { startTestApi, type TestApi } from "../../../test/support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../../../test/support/databases.ts";

let database: PrivateDatabase;
let api: TestApi;
let admin: TestAccount;
let user: TestAccount;

beforeAll(async () => {
  database = await createPrivateDatabase();
  api = await startTestApi(database);
  [admin, user] = await Promise.all([
    createTestAccount(database.prisma, { role: "admin" }),
    createTestAccount(database.prisma, { premiumUntil: new Date(Date.now() + 86_400_000) }),
  ]);
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

function send(method: "POST" | "DELETE", key: string, proxiesText: string) {
  return fetch(`${api.url}/api/v1/api/admin/premium/proxies`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ proxies_text: proxiesText }),
  });
}

const premiumRows = async () =>
  (
    await database.pool.query<{ host: string; port: number; protocol: string; pool: string; alive: boolean }>(
      "SELECT host, port, protocol, pool, alive FROM proxies ORDER BY host",
    )
  ).rows;

describe("premium pool administration", () => {
  it("lets an admin add proxies, which wait unchecked and unserved in the premium pool", async () => {
    const response = await send(
      "POST",
      admin.key,
      "203.0.113.7:8080\nsocks5://203.0.113.8:1080\n203.0.113.7:8080",
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ candidates: 2, added: 2, with_credentials: 0 });
    expect(await premiumRows()).toEqual([
      { host: "203.0.113.7", port: 8080, protocol: "http", pool: "premium", alive: false },
      { host: "203.0.113.8", port: 1080, protocol: "socks5", pool: "premium", alive: false },
    ]);
    const served = await api.get("/api/v1/api/premium/proxies", user.key);
    expect(((await served.json()) as { total: number }).total).toBe(0);
  });

  it("lets an admin remove proxies by address", async () => {
    const response = await send("DELETE", admin.key, "203.0.113.8:1080");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ candidates: 1, removed: 1 });
    expect((await premiumRows()).map((row) => row.host)).toEqual(["203.0.113.7"]);
  });

  it("refuses callers without admin.premium.write and bodies without proxies", async () => {
    const refused = await send("POST", user.key, "203.0.113.9:80");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: "your role lacks the admin.premium.write permission",
    });
    const empty = await send("POST", admin.key, "nothing here");
    expect(empty.status).toBe(400);
  });
});
