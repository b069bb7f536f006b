import { createTestAccount, jsonBody, type TestApi, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

// Loopback is allowed so that these hosts count as dialled; no worker runs, so none is.
test.override("apiEnv", { FREE_DAILY_DISTINCT_HOSTS: "3", CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

function submit(api: TestApi, key: string, hosts: string[]) {
  return fetch(`${api.url}/api/v1/api/check`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/plain" },
    body: hosts.map((host) => `${host}:8080`).join("\n"),
  });
}

describe("the free tier's daily cap on distinct destination hosts", () => {
  test("counts each host once a day and refuses the submission that would pass the cap", async ({
    api,
    database,
    freeAccount: free,
  }) => {
    expect((await submit(api, free.key, ["127.0.1.1", "127.0.1.2"])).status).toBe(202);
    // Hosts already counted today cost nothing again: 2 known + 1 new = 3.
    expect((await submit(api, free.key, ["127.0.1.1", "127.0.1.2", "127.0.1.3"])).status).toBe(202);
    const refused = await submit(api, free.key, ["127.0.1.1", "127.0.1.4"]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await jsonBody(refused);
    expect(body.error).toMatch(/daily limit of distinct hosts reached: 3 checked today plus 1 new/);
    expect(body).toMatchObject({ hosts_today: 3, limit: 3 });
    // A refused submission left no job behind.
    const jobs = await database.pool.query(
      "SELECT count(*)::int AS n FROM check_jobs WHERE account_id = $1",
      [free.accountId],
    );
    expect(jobs.rows[0].n).toBe(2);
  });

  test("does not count hosts the guard blocks, which are never dialled", async ({
    api,
    freeAccount: free,
  }) => {
    const blocked = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "192.0.2.10"];
    expect((await submit(api, free.key, blocked)).status).toBe(202);
    expect((await submit(api, free.key, ["127.0.2.1", "127.0.2.2", "127.0.2.3"])).status).toBe(202);
  });

  test("holds under parallel submissions: exactly as many new hosts pass as fit", async ({
    api,
    freeAccount: free,
  }) => {
    const statuses = await Promise.all(
      ["127.0.3.1", "127.0.3.2", "127.0.3.3", "127.0.3.4", "127.0.3.5", "127.0.3.6"].map(async (host) => {
        const response = await submit(api, free.key, [host]);
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 202)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
  });

  test("does not apply to premium accounts or admins", async ({ api, database }) => {
    const premium = await createTestAccount(database.prisma, {
      premiumUntil: new Date(Date.now() + 86_400_000),
    });
    const admin = await createTestAccount(database.prisma, { role: "admin" });
    const many = ["127.0.4.1", "127.0.4.2", "127.0.4.3", "127.0.4.4", "127.0.4.5"];
    expect((await submit(api, premium.key, many)).status).toBe(202);
    expect((await submit(api, admin.key, many)).status).toBe(202);
  });
});
