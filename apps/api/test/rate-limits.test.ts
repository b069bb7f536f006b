import { createTestAccount, jsonBody, type TestApi, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

test.override("apiEnv", {
  RATE_LIMIT_API_READ_PREMIUM: "25",
  RATE_LIMIT_API_EXPORT_FREE: "3",
  // Concurrent exports are bounded too; these bursts are about the hourly quota alone.
  EXPORT_MAX_PER_ACCOUNT: "10",
  EXPORT_MAX_RUNNING: "10",
});

async function burst(api: TestApi, count: number, path: string, key: string): Promise<Response[]> {
  return Promise.all(Array.from({ length: count }, () => api.get(path, key)));
}

describe("rate limits", () => {
  test("lets exactly the spec's 60 reads a minute through for a free key when 90 arrive at once", async ({
    api,
    freeAccount: account,
  }) => {
    const responses = await burst(api, 90, "/api/v1/api/proxies", account.key);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);

    const limited = responses.find((response) => response.status === 429)!;
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("ratelimit-policy")).toBe('"api_read";q=60;w=60');
    expect(limited.headers.get("ratelimit")).toBe(`"api_read";r=0;t=${retryAfter}`);
    expect(await jsonBody(limited)).toMatchObject({
      error: expect.stringMatching(/rate limit exceeded for api_read/),
      code: "rate_limited",
      category: "api_read",
    });
  });

  test("applies the premium tier's configured limit to premium accounts", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma, {
      premiumUntil: new Date(Date.now() + 86_400_000),
    });
    const statuses = (await burst(api, 40, "/api/v1/api/proxies", account.key)).map(
      (response) => response.status,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(25);
  });

  test("counts each category separately and each key separately", async ({
    api,
    database,
    freeAccount: first,
  }) => {
    const second = await createTestAccount(database.prisma);
    const exports = (await burst(api, 5, "/api/v1/api/proxies/export", first.key)).map(
      (response) => response.status,
    );
    expect(exports.filter((status) => status === 200)).toHaveLength(3);
    const exportWindow = await api.get("/api/v1/api/proxies/export", first.key);
    expect(Number(exportWindow.headers.get("retry-after"))).toBeGreaterThan(60);
    expect((await api.get("/api/v1/api/proxies", first.key)).status).toBe(200);
    expect((await api.get("/api/v1/api/proxies/export", second.key)).status).toBe(200);
  });

  test("sends the IETF draft's RateLimit and RateLimit-Policy, named by category, and not the old headers", async ({
    api,
    freeAccount: account,
  }) => {
    const response = await api.get("/api/v1/api/proxies", account.key);
    expect(response.headers.get("ratelimit-policy")).toBe('"api_read";q=60;w=60');
    expect(response.headers.get("ratelimit")).toMatch(/^"api_read";r=59;t=(\d+)$/);
    const t = Number(/t=(\d+)/.exec(response.headers.get("ratelimit")!)![1]);
    expect(t).toBeGreaterThanOrEqual(1);
    expect(t).toBeLessThanOrEqual(60);
    for (const old of ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]) {
      expect(response.headers.get(old)).toBeNull();
    }
    const exported = await api.get("/api/v1/api/proxies/export", account.key);
    expect(exported.headers.get("ratelimit-policy")).toBe('"api_export";q=3;w=3600');
    expect(exported.headers.get("ratelimit")).toMatch(/^"api_export";r=2;t=\d+$/);
    await exported.arrayBuffer();
  });
});
