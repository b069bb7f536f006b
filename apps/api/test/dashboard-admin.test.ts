import { createTestAccount, DashboardClient, jsonBody, test as sieveTest } from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest
  .extend("adminSession", { scope: "file" }, ({ dashboard }) => dashboard.signedIn({ role: "admin" }))
  .extend("admin", { scope: "file" }, ({ adminSession }) => adminSession.client)
  .extend("adminId", { scope: "file" }, ({ adminSession }) => adminSession.person.accountId);
// The pool's import refuses guarded addresses; these two documentation addresses stand for proxies.
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "192.0.2.10/31" });

describe("admin pages' API", () => {
  test("is for admins only", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn();
    for (const path of ["/admin/accounts", "/admin/sources", "/admin/pool"]) {
      const response = await client.dash("GET", path);
      expect(response.status).toBe(403);
      expect(await jsonBody(response)).toEqual({ code: "forbidden", error: "admins only" });
    }
  });

  test("suspends an account: its keys get 403 and its session ends; activating lets it back", async ({
    api,
    database,
    dashboard,
    admin,
  }) => {
    const { client, person } = await dashboard.signedIn();
    const created = await jsonBody(await client.dash("POST", "/keys", { name: "k", expires_days: null }));
    expect((await api.get("/api/v1/api/proxies", created.secret)).status).toBe(200);

    const suspended = await admin.dash("POST", `/admin/accounts/${person.accountId}/suspend`);
    expect(suspended.status).toBe(200);
    expect((await jsonBody(suspended)).account).toMatchObject({ id: person.accountId, status: "suspended" });

    const keyed = await api.get("/api/v1/api/proxies", created.secret);
    expect(keyed.status).toBe(403);
    expect(await jsonBody(keyed)).toEqual({ code: "forbidden", error: "account is not active" });
    expect((await client.dash("GET", "/me")).status).toBe(401);
    expect(await database.prisma.session.count({ where: { accountId: person.accountId } })).toBe(0);
    const again = new DashboardClient(api.url);
    const refused = await again.signIn(person.email, person.password);
    expect(refused.status).toBe(403);
    expect(await jsonBody(refused)).toEqual({ code: "forbidden", error: "account is not active" });

    expect((await admin.dash("POST", `/admin/accounts/${person.accountId}/activate`)).status).toBe(200);
    expect((await api.get("/api/v1/api/proxies", created.secret)).status).toBe(200);
  });

  test("searches accounts, grants premium days and changes roles, but not its own", async ({
    dashboard,
    admin,
    adminId,
  }) => {
    const { person } = await dashboard.signedIn();
    const found = await jsonBody(await admin.dash("GET", `/admin/accounts?q=${person.email.slice(0, 14)}`));
    expect(found).toMatchObject({ page: 1, limit: 50, total: 1 });
    expect(found.items[0]).toMatchObject({
      id: person.accountId,
      email: person.email,
      tier: "free",
      role: "user",
    });
    expect((await jsonBody(await admin.dash("GET", `/admin/accounts?q=${person.accountId}`))).total).toBe(1);

    const premium = await jsonBody(
      await admin.dash("POST", `/admin/accounts/${person.accountId}/premium`, { days: 30 }),
    );
    expect(premium.account.tier).toBe("premium");
    const role = await jsonBody(
      await admin.dash("POST", `/admin/accounts/${person.accountId}/role`, { role: "readonly" }),
    );
    expect(role.account.role).toBe("readonly");
    const bad = await admin.dash("POST", `/admin/accounts/${person.accountId}/role`, { role: "root" });
    expect(bad.status).toBe(400);
    const own = await admin.dash("POST", `/admin/accounts/${adminId}/role`, { role: "user" });
    expect(own.status).toBe(409);
  });

  test("adds, lists and removes sources; refuses anything but http(s)", async ({ admin }) => {
    const added = await admin.dash("POST", "/admin/sources", {
      url: "http://198.51.100.7/list.txt",
      interval_minutes: 30,
    });
    expect(added.status).toBe(201);
    const { source } = await jsonBody(added);
    expect(source).toMatchObject({
      url: "http://198.51.100.7/list.txt",
      interval_minutes: 30,
      live_fraction: null,
    });
    const file = await admin.dash("POST", "/admin/sources", { url: "/etc/passwd", interval_minutes: 30 });
    expect(file.status).toBe(400);
    expect((await jsonBody(file)).error).toBe("url must be an http(s) URL");
    const listed = await jsonBody(await admin.dash("GET", "/admin/sources"));
    expect(listed.items.map((row: { id: string }) => row.id)).toContain(source.id);
    expect((await admin.dash("DELETE", `/admin/sources/${source.id}`)).status).toBe(200);
    expect((await jsonBody(await admin.dash("GET", "/admin/sources"))).items).toEqual([]);
  });

  test("adds to the premium pool, lists every state, and removes one entry", async ({ admin }) => {
    const added = await admin.dash("POST", "/admin/pool", {
      lines: "socks5://192.0.2.10:1080\n192.0.2.11:8080",
    });
    expect(added.status).toBe(201);
    expect(await jsonBody(added)).toMatchObject({ candidates: 2, added: expect.any(Number) });
    const pool = await jsonBody(await admin.dash("GET", "/admin/pool"));
    expect(pool.total).toBeGreaterThanOrEqual(2);
    expect(
      pool.items.some((row: { host: string; alive: boolean }) => row.host === "192.0.2.10" && !row.alive),
    ).toBe(true);
    const removed = await admin.dash("DELETE", "/admin/pool", {
      host: "192.0.2.10",
      port: 1080,
      protocol: "socks5",
    });
    expect(await jsonBody(removed)).toEqual({ removed: 1 });
    const after = await jsonBody(await admin.dash("GET", "/admin/pool"));
    expect(after.items.some((row: { host: string }) => row.host === "192.0.2.10")).toBe(false);
  });

  test("opens Bull Board for a signed-in admin without a key or quota, and keeps Basic auth", async ({
    api,
    database,
    dashboard,
    admin,
  }) => {
    const board = await admin.request("GET", "/admin/queues");
    expect(board.status).toBe(200);
    expect(await board.text()).toContain("Sieve queues");
    expect(board.headers.get("ratelimit")).toBeNull();

    const { client } = await dashboard.signedIn();
    expect((await client.request("GET", "/admin/queues")).status).toBe(401);

    const keyed = await createTestAccount(database.prisma, { role: "admin" });
    const basic = { Authorization: `Basic ${Buffer.from(`admin:${keyed.key}`).toString("base64")}` };
    expect((await api.get("/admin/queues", undefined, basic)).status).toBe(200);
  });
});
