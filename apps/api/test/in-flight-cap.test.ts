import { createTestAccount, jsonBody, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

// No worker runs in this file, so every accepted item stays in flight.
test.override("apiEnv", { CHECK_MAX_ITEMS_IN_FLIGHT: "5", CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

describe("the cap on items in flight under a race", () => {
  test("lets exactly as many parallel submissions through as fit", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma);
    const submit = (items: number, offset: number) =>
      fetch(`${api.url}/api/v1/api/check`, {
        method: "POST",
        headers: { Authorization: `Bearer ${account.key}`, "Content-Type": "text/plain" },
        body: Array.from({ length: items }, (_, i) => `127.0.0.1:${20_000 + offset + i}`).join("\n"),
      });

    const ofFive = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(5, i * 5)));
    expect(ofFive.map((response) => response.status).sort()).toEqual([202, ...Array(9).fill(429)]);

    const other = await createTestAccount(database.prisma);
    const ofOne = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${api.url}/api/v1/api/check`, {
          method: "POST",
          headers: { Authorization: `Bearer ${other.key}`, "Content-Type": "text/plain" },
          body: `127.0.0.1:${21_000 + i}`,
        }),
      ),
    );
    expect(ofOne.filter((response) => response.status === 202)).toHaveLength(5);
    const refused = ofOne.find((response) => response.status === 429)!;
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await jsonBody(refused)).toMatchObject({
      error: expect.stringMatching(/too many proxies in flight/),
      code: "rate_limited",
      retry_after: 10,
    });

    const pending = await database.pool.query<{ account_id: string; n: number }>(
      "SELECT account_id, sum(total - done)::int AS n FROM check_jobs GROUP BY account_id",
    );
    expect(Object.fromEntries(pending.rows.map((row) => [row.account_id, row.n]))).toMatchObject({
      [account.accountId]: 5,
      [other.accountId]: 5,
    });
  });
});
