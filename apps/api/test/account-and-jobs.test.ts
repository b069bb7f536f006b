import { createTestAccount, jsonBody, type TestApi, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

// Loopback is let through the guard, so a job naming it stays queued (no worker runs in this file).
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

const submit = (api: TestApi, key: string, proxiesText: string) =>
  fetch(`${api.url}/api/v1/api/check`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ proxies_text: proxiesText }),
  }).then(async (response) => {
    expect(response.status).toBe(202);
    return (await jsonBody(response)).job_id as string;
  });

describe("GET /api/jobs", () => {
  test("lists the caller's own jobs newest first, a page at a time, and never another account's", async ({
    api,
    database,
    freeAccount: owner,
  }) => {
    const other = await createTestAccount(database.prisma);
    // Documentation addresses: the guard answers them blocked, so each job completes at once.
    const first = await submit(api, owner.key, "192.0.2.1:8080");
    const second = await submit(api, owner.key, "192.0.2.2:8080\n192.0.2.3:8080");
    const third = await submit(api, owner.key, "192.0.2.4:8080");
    const foreign = await submit(api, other.key, "198.51.100.1:8080");

    const all = await jsonBody(await api.get("/api/v1/api/jobs", owner.key));
    expect(all).toMatchObject({ page: 1, limit: 50, total: 3 });
    expect(all.items.map((job: { job_id: string }) => job.job_id)).toEqual([third, second, first]);
    expect(all.items[1]).toMatchObject({ job_id: second, total: 2, counts: { blocked: 2 } });

    const page2 = await jsonBody(await api.get("/api/v1/api/jobs?page=2&limit=2", owner.key));
    expect(page2).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(page2.items.map((job: { job_id: string }) => job.job_id)).toEqual([first]);

    const theirs = await jsonBody(await api.get("/api/v1/api/jobs", other.key));
    expect(theirs.items.map((job: { job_id: string }) => job.job_id)).toEqual([foreign]);
  });

  test("filters by status", async ({ api, freeAccount: owner }) => {
    const done = await submit(api, owner.key, "192.0.2.5:8080");
    const cancelled = await submit(api, owner.key, "127.0.0.1:9\n192.0.2.6:8080");
    const cancel = await fetch(`${api.url}/api/v1/api/jobs/${cancelled}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    expect((await jsonBody(cancel)).status).toBe("cancelled");

    const onlyCancelled = await jsonBody(await api.get("/api/v1/api/jobs?status=cancelled", owner.key));
    expect(onlyCancelled.total).toBe(1);
    expect(onlyCancelled.items.map((job: { job_id: string }) => job.job_id)).toEqual([cancelled]);
    const completed = await jsonBody(await api.get("/api/v1/api/jobs?status=completed", owner.key));
    expect(completed.items.map((job: { job_id: string }) => job.job_id)).toEqual([done]);
    const running = await jsonBody(await api.get("/api/v1/api/jobs?status=running", owner.key));
    expect(running).toMatchObject({ total: 0, items: [] });
  });

  test("refuses a bad status, a bad page and unknown parameters with a 400 and its code", async ({
    api,
    freeAccount: owner,
  }) => {
    for (const query of ["status=done", "page=0", "limit=201", "sort=asc"]) {
      const response = await api.get(`/api/v1/api/jobs?${query}`, owner.key);
      expect(response.status, query).toBe(400);
      expect(await jsonBody(response)).toMatchObject({ code: "invalid_request", error: expect.any(String) });
    }
  });
});

describe("GET /api/account", () => {
  test("says who the key speaks for, what it may do, and what is left of each quota, spending none", async ({
    api,
    database,
  }) => {
    const premiumUntil = new Date(Date.now() + 86_400_000);
    const owner = await createTestAccount(database.prisma, { premiumUntil });
    const email = (await database.prisma.account.findUniqueOrThrow({ where: { id: owner.accountId } })).email;
    await api.get("/api/v1/api/proxies", owner.key);
    await api.get("/api/v1/api/proxies", owner.key);

    const first = await api.get("/api/v1/api/account", owner.key);
    expect(first.status).toBe(200);
    const account = await jsonBody(first);
    expect(account).toMatchObject({
      account_id: owner.accountId,
      email,
      role: "user",
      tier: "premium",
      status: "active",
      premium_until: premiumUntil.toISOString(),
    });
    expect(account.permissions).toEqual(expect.arrayContaining(["api.check.write", "api.account.read"]));
    expect(account.permissions).not.toContain("admin.premium.write");
    // The webhook signing secret is made on first sight and then stays the same.
    expect(account.webhook_secret).toMatch(/^whsec_[A-Za-z0-9_-]{20,}$/);
    const read = account.rate_limits.find((row: { category: string }) => row.category === "api_read");
    expect(read).toMatchObject({ limit: 300, window_seconds: 60, remaining: 298 });
    const resetIn = Date.parse(read.reset_at) - Date.now();
    expect(resetIn).toBeGreaterThan(0);
    expect(resetIn).toBeLessThanOrEqual(60_000);
    expect(account.rate_limits.map((row: { category: string }) => row.category)).toEqual([
      "api_read",
      "api_check",
      "api_export",
    ]);
    expect(first.headers.get("ratelimit-policy")).toBe(
      '"api_read";q=300;w=60, "api_check";q=200;w=3600, "api_export";q=60;w=3600',
    );
    expect(first.headers.get("ratelimit")).toMatch(
      /^"api_read";r=298;t=\d+, "api_check";r=200;t=\d+, "api_export";r=60;t=\d+$/,
    );

    const again = await jsonBody(await api.get("/api/v1/api/account", owner.key));
    expect(again.rate_limits[0].remaining).toBe(298);
    expect(again.webhook_secret).toBe(account.webhook_secret);
    const list = await api.get("/api/v1/api/proxies", owner.key);
    expect(list.headers.get("ratelimit")).toMatch(/^"api_read";r=297;/);
  });

  test("answers a free readonly account with its own tier and permissions", async ({ api, database }) => {
    const reader = await createTestAccount(database.prisma, { role: "readonly" });
    const account = await jsonBody(await api.get("/api/v1/api/account", reader.key));
    expect(account).toMatchObject({ role: "readonly", tier: "free", premium_until: null });
    expect(account.permissions.sort()).toEqual(["api.account.read", "api.jobs.read", "api.proxies.read"]);
    expect(account.rate_limits[0]).toMatchObject({ category: "api_read", limit: 60, remaining: 60 });
  });

  test("refuses a missing key with 401 and a suspended account with 403, each with its code", async ({
    api,
    database,
  }) => {
    const missing = await api.get("/api/v1/api/account");
    expect(missing.status).toBe(401);
    expect(await jsonBody(missing)).toMatchObject({ code: "unauthenticated" });
    const suspended = await createTestAccount(database.prisma, { status: "suspended" });
    const refused = await api.get("/api/v1/api/account", suspended.key);
    expect(refused.status).toBe(403);
    expect(await jsonBody(refused)).toEqual({ code: "forbidden", error: "account is not active" });
    const extra = await api.get("/api/v1/api/account?verbose=1", suspended.key);
    expect(extra.status).toBe(403);
  });
});
