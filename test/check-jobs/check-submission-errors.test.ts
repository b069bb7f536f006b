import { createTestAccount, freePort, jsonBody, test as sieveTest, startTestApi } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";

const test = sieveTest.extend("closedPort", { scope: "file" }, () => freePort());
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "3" });

describe("submission errors", () => {
  test.for<[unknown, RegExp]>([
    [{ proxies_text: "nothing valid\nhere:too" }, /no valid proxies in proxies_text/],
    [{ proxies_text: "" }, /no valid proxies in proxies_text/],
    [{}, /proxies_text is required/],
    [{ proxies_text: 42 }, /proxies_text is required and must be a string/],
    [{ proxies_text: "192.0.2.4:80", include_anonymity: "yes" }, /include_anonymity must be true or false/],
    [[1, 2], /request body must be a JSON object/],
  ])("answers 400 for %j", async ([body, message], { api, owner }) => {
    const response = await submit(api, owner.key, body);
    expect(response.status).toBe(400);
    expect((await jsonBody(response)).error).toMatch(message);
  });

  test("quotes invalid lines back when none is valid", async ({ api, owner }) => {
    const body = await jsonBody(await submit(api, owner.key, { proxies_text: "bad line\n192.0.2.4:99999" }));
    expect(body.invalid_lines).toBe(2);
    expect(body.invalid_examples[1]).toEqual({
      line: 2,
      text: "192.0.2.4:99999",
      error: "port 99999 is not a number from 1 to 65535",
    });
  });

  // No wait would let it in, so it is a 400, not a 429 to retry (in-flight-cap.test.ts has the 429).
  test("refuses a list that alone is over the account's cap on items in flight", async ({ database }) => {
    const capped = await startTestApi(database, {
      CHECK_MAX_ITEMS_IN_FLIGHT: "5",
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    });
    try {
      const account = await createTestAccount(database.prisma);
      const lines = Array.from({ length: 6 }, (_, i) => `127.0.0.1:${1000 + i}`).join("\n");
      const response = await fetch(`${capped.url}/api/v1/api/check`, {
        method: "POST",
        headers: { Authorization: `Bearer ${account.key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ proxies_text: lines }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("retry-after")).toBeNull();
      expect(await jsonBody(response)).toMatchObject({
        error: "6 proxies submitted is more than your limit of 5 in flight; split the list",
        code: "invalid_request",
      });
      const jobs = await database.pool.query("SELECT 1 FROM check_jobs WHERE account_id = $1", [
        account.accountId,
      ]);
      expect(jobs.rows).toHaveLength(0);
    } finally {
      await capped.close();
    }
  });

  // The bound is a correctness limit, not a performance target: a submission must not wait on a
  // Redis that is not there (BullMQ's offline queue would hold it until the client gives up).
  test("answers 503 with Retry-After within 5 s while Redis is down, and reads keep working", async ({
    database,
    owner,
    closedPort,
  }) => {
    const cut = await startTestApi(database, {
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    });
    try {
      const response = await fetch(`${cut.url}/api/v1/api/check`, {
        method: "POST",
        headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ proxies_text: `127.0.0.1:${closedPort}` }),
        signal: AbortSignal.timeout(5_000),
      });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await jsonBody(response)).error).toMatch(/the job queue is unavailable/);
      expect((await cut.get("/api/v1/api/proxies", owner.key)).status).toBe(200);
      const jobs = await database.pool.query(
        "SELECT count(*)::int AS n FROM check_jobs WHERE account_id = $1 AND total = 1 AND status = 'queued'",
        [owner.accountId],
      );
      expect(jobs.rows[0].n).toBe(0);
    } finally {
      await cut.close();
    }
  });
});
