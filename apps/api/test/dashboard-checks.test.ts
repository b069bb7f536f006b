import { jsonBody, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

test.override("apiEnv", { RATE_LIMIT_API_CHECK_FREE: "3", RATE_LIMIT_API_READ_FREE: "40" });

describe("checking and lists through the session, with the public API's code and limits", () => {
  test("submits a check, lists it newest first, and reads it like the public API", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn();
    const first = await client.dash("POST", "/check", { proxies_text: "192.0.2.1:8080\n192.0.2.2:1080" });
    expect(first.status).toBe(202);
    const submitted = await jsonBody(first);
    // Documentation addresses are guarded targets: the job completes at once with both blocked.
    expect(submitted).toMatchObject({ job_id: expect.any(String), total: 2 });
    expect(first.headers.get("ratelimit-policy")).toBe('"api_check";q=3;w=3600');
    const second = await jsonBody(await client.dash("POST", "/check", { proxies_text: "192.0.2.3:3128" }));

    const jobs = await jsonBody(await client.dash("GET", "/jobs?limit=10"));
    expect(jobs).toMatchObject({ page: 1, limit: 10, total: 2 });
    expect(jobs.items.map((job: { job_id: string }) => job.job_id)).toEqual([
      second.job_id,
      submitted.job_id,
    ]);
    expect(Object.keys(jobs.items[0]).sort()).toEqual(
      ["counts", "created_at", "done", "finished_at", "job_id", "status", "total"].sort(),
    );

    const job = await jsonBody(await client.dash("GET", `/jobs/${submitted.job_id}`));
    expect(job).toMatchObject({ job_id: submitted.job_id, total: 2 });
    const items = await jsonBody(await client.dash("GET", `/jobs/${submitted.job_id}/items`));
    expect(items).toMatchObject({ page: 1, limit: 50, total: 2 });
    expect(items.items.map((item: { proxy_norm: string }) => item.proxy_norm)).toEqual([
      "192.0.2.1:8080",
      "192.0.2.2:1080",
    ]);
    const csv = await client.dash("GET", `/jobs/${submitted.job_id}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect((await csv.text()).split("\n")[0]).toMatch(/^proxy,proxy_norm,line,requested_protocol,status/);

    // Another account sees none of it.
    const other = await dashboard.signedIn();
    expect((await other.client.dash("GET", `/jobs/${submitted.job_id}`)).status).toBe(404);
    expect((await jsonBody(await other.client.dash("GET", "/jobs"))).total).toBe(0);
  });

  test("spends the account's own quota (account:<id>) and answers 429 past it, as the API does", async ({
    dashboard,
  }) => {
    const { client } = await dashboard.signedIn();
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await client.dash("POST", "/check", { proxies_text: "192.0.2.9:80" })).status).toBe(202);
    }
    const limited = await client.dash("POST", "/check", { proxies_text: "192.0.2.9:80" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await jsonBody(limited)).error).toMatch(/rate limit exceeded for api_check/);
    const me = await jsonBody(await client.dash("GET", "/me"));
    expect(me.limits.find((row: { category: string }) => row.category === "api_check")).toMatchObject({
      limit: 3,
      remaining: 0,
    });
  });

  test("answers bad submissions with the public API's errors", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn();
    const empty = await client.dash("POST", "/check", { proxies_text: 42 });
    expect(empty.status).toBe(400);
    expect(await jsonBody(empty)).toEqual({
      code: "invalid_request",
      error: "proxies_text is required and must be a string",
    });
  });

  test("serves the verified list and the premium pool only to premium accounts", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn();
    const list = await jsonBody(await client.dash("GET", "/proxies?protocol=socks5&limit=5"));
    expect(list).toMatchObject({ page: 1, limit: 5, total: 0, items: [] });
    expect((await client.dash("GET", "/proxies?bogus=1")).status).toBe(400);
    const premium = await client.dash("GET", "/premium/proxies");
    expect(premium.status).toBe(403);
    expect(await jsonBody(premium)).toEqual({
      code: "forbidden",
      error: "an active premium subscription is required",
    });
    const paid = await dashboard.signedIn({ premiumUntil: new Date(Date.now() + 86_400_000) });
    expect((await paid.client.dash("GET", "/premium/proxies")).status).toBe(200);
    const exported = await client.dash("GET", "/proxies/export?format=txt");
    expect(exported.status).toBe(200);
  });

  test("asks an unverified account to verify before checking", async ({ dashboard }) => {
    const { client } = await dashboard.signedIn({ verified: false });
    expect((await client.dash("GET", "/me")).status).toBe(200);
    const response = await client.dash("POST", "/check", { proxies_text: "192.0.2.1:80" });
    expect(response.status).toBe(403);
    expect(await jsonBody(response)).toEqual({ code: "forbidden", error: "verify your email address first" });
  });
});
