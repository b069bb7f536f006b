import {
  createTestAccount,
  freePort,
  type PrivateDatabase,
  test as sieveTest,
  type TestApi,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

/** An admin and a premium user in the file's database; closed loopback ports stand for proxies. */
const test = sieveTest
  .extend("admin", { scope: "file" }, ({ database }) => createTestAccount(database.prisma, { role: "admin" }))
  .extend("user", { scope: "file" }, ({ database }) =>
    createTestAccount(database.prisma, { premiumUntil: new Date(Date.now() + 86_400_000) }),
  )
  .extend("ports", { scope: "file" }, async () => [await freePort(), await freePort(), await freePort()]);
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

const PATH = "/api/v1/api/admin/premium/proxies";

function send(api: TestApi, method: "POST" | "DELETE", key: string, body: unknown, query = "") {
  return fetch(`${api.url}${PATH}${query}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

const premiumRows = async (database: PrivateDatabase) =>
  (
    await database.pool.query<{ host: string; port: number; protocol: string; sealed: boolean }>(
      "SELECT host, port, protocol, credentials IS NOT NULL AS sealed FROM proxies WHERE pool = 'premium' ORDER BY port",
    )
  ).rows;

describe("premium pool administration", () => {
  test("takes lines with credentials in every form, seals them, and refuses guarded addresses with a reason", async ({
    api,
    database,
    admin,
    user,
    ports,
  }) => {
    const [a = 0, b = 0, c = 0] = ports;
    const text = [
      `127.0.0.1:${a}:alice:pa:ss`,
      `bob:secret@127.0.0.1:${b}`,
      `socks5://carol:s%40fe@127.0.0.1:${c}`,
      "192.0.2.77:8080",
      "dave:pw@198.51.100.9:3128",
      "not a proxy",
    ].join("\n");
    const response = await send(api, "POST", admin.key, { proxies_text: text });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ candidates: 5, added: 3, with_credentials: 3, invalid_lines: 1 });
    expect(body.refused).toEqual([
      { proxy: "192.0.2.77:8080", reason: expect.stringContaining("192.0.2.77 is a guarded address") },
      { proxy: "198.51.100.9:3128", reason: expect.stringContaining("198.51.100.9 is a guarded address") },
    ]);
    expect(await premiumRows(database)).toEqual(
      [
        { host: "127.0.0.1", port: a, protocol: "http", sealed: true },
        { host: "127.0.0.1", port: b, protocol: "http", sealed: true },
        { host: "127.0.0.1", port: c, protocol: "socks5", sealed: true },
      ].sort((x, y) => x.port - y.port),
    );
    const { rows } = await database.pool.query<{ raw: string }>(
      "SELECT encode(credentials, 'escape') AS raw FROM proxies WHERE pool = 'premium'",
    );
    for (const row of rows)
      for (const secret of ["pa:ss", "secret", "s@fe"]) expect(row.raw).not.toContain(secret);
    // Nothing is served before a check.
    const served = await api.get("/api/v1/api/premium/proxies", user.key);
    expect(((await served.json()) as { total: number }).total).toBe(0);
  });

  test("lists entries in every state, paginated, with usernames and never passwords", async ({
    api,
    admin,
    ports,
  }) => {
    const page = await api.get(`${PATH}?limit=2&state=pending`, admin.key);
    expect(page.status).toBe(200);
    const body = (await page.json()) as { total: number; items: Record<string, unknown>[] };
    expect(body.total).toBe(3);
    expect(body.items).toHaveLength(2);
    const all = (await (await api.get(`${PATH}?limit=200`, admin.key)).json()) as {
      items: Record<string, unknown>[];
    };
    const byPort = Object.fromEntries(all.items.map((item) => [item.port, item]));
    expect(byPort[ports[0]!]).toMatchObject({
      state: "pending",
      username: "alice",
      has_credentials: true,
      checked_at: null,
      last_error: null,
    });
    expect(byPort[ports[2]!]).toMatchObject({ protocol: "socks5", username: "carol" });
    expect(JSON.stringify(all)).not.toContain("s@fe");
    const none = (await (await api.get(`${PATH}?state=live`, admin.key)).json()) as { total: number };
    expect(none.total).toBe(0);
    const bad = await api.get(`${PATH}?state=sleeping`, admin.key);
    expect(bad.status).toBe(400);
  });

  test("removes exactly one entry by host, port and protocol, and refuses incomplete keys", async ({
    api,
    database,
    admin,
    ports,
  }) => {
    const port = ports[2]!;
    for (const incomplete of [
      { host: "127.0.0.1" },
      { host: "127.0.0.1", port },
      { port, protocol: "socks5" },
    ]) {
      const refused = await send(api, "DELETE", admin.key, incomplete);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/is required/);
    }
    const noBody = await send(api, "DELETE", admin.key, {}, "?host=127.0.0.1");
    expect(noBody.status).toBe(400);
    const wrongProtocol = await send(api, "DELETE", admin.key, { host: "127.0.0.1", port, protocol: "http" });
    expect(wrongProtocol.status).toBe(404);
    expect((await premiumRows(database)).map((row) => row.port)).toContain(port);

    const removed = await send(api, "DELETE", admin.key, { host: "127.0.0.1", port, protocol: "socks5" });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ removed: 1 });
    expect((await premiumRows(database)).map((row) => row.port)).not.toContain(port);
    const viaQuery = await send(
      api,
      "DELETE",
      admin.key,
      {},
      `?host=127.0.0.1&port=${ports[1]}&protocol=http`,
    );
    expect(await viaQuery.json()).toEqual({ removed: 1 });
  });

  test("refuses callers without admin.premium.write and bodies without proxies", async ({
    api,
    admin,
    user,
  }) => {
    const refused = await send(api, "POST", user.key, { proxies_text: "127.0.0.1:80" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: "your role lacks the admin.premium.write permission",
    });
    expect((await api.get(PATH, user.key)).status).toBe(403);
    const empty = await send(api, "POST", admin.key, { proxies_text: "nothing here" });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ invalid_lines: 1 });
  });
});
