import { request } from "node:http";
import { issueApiKey } from "@sieve/core";
import { createTestAccount, jsonBody, startTestApi, type TestApi, test } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { addressGroup } from "../src/http/client-address.ts";
import { untilDropped } from "./key-cache-replicas.ts";

/** A GET from a chosen loopback address, so tests can be two clients. */
function getFrom(api: TestApi, localAddress: string, path: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.url}${path}`,
      { localAddress, headers: { Authorization: `Bearer ${key}` } },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.once("error", reject);
    req.end();
  });
}

describe("limits by client address", () => {
  test("refuses an address that keeps presenting unknown keys before looking any more up", async ({
    database,
  }) => {
    const api = await startTestApi(database, { RATE_LIMIT_AUTH_FAILURES: "30" });
    try {
      const valid = await createTestAccount(database.prisma);
      const statuses = [];
      for (let i = 0; i < 60; i++)
        statuses.push(await getFrom(api, "127.0.0.3", "/api/v1/api/proxies", issueApiKey().key));
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
      expect(statuses.slice(30)).toEqual(Array(30).fill(429));

      const lockedOut = await fetch(`${api.url}/api/v1/api/proxies`, {
        headers: { Authorization: `Bearer ${issueApiKey().key}` },
      });
      // fetch comes from 127.0.0.1, another address: it is still told the key is unknown.
      expect(lockedOut.status).toBe(401);
      expect(await getFrom(api, "127.0.0.3", "/api/v1/api/proxies", valid.key)).toBe(429);
      expect(await getFrom(api, "127.0.0.4", "/api/v1/api/proxies", valid.key)).toBe(200);
    } finally {
      await api.close();
    }
  });

  test("answers past the per-address request limit with 429 and Retry-After, whatever the key", async ({
    database,
  }) => {
    const api = await startTestApi(database, {
      RATE_LIMIT_IP_PER_MINUTE: "20",
      RATE_LIMIT_API_READ_FREE: "1000",
    });
    try {
      const account = await createTestAccount(database.prisma);
      const responses = [];
      for (let i = 0; i < 25; i++) responses.push(await api.get("/api/v1/api/proxies", account.key));
      expect(responses.map((response) => response.status)).toEqual([
        ...Array(20).fill(200),
        ...Array(5).fill(429),
      ]);
      const refused = responses[24]!;
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await jsonBody(refused)).toEqual({
        code: expect.any(String),
        error: "too many requests from your address: retry later",
        retry_after: expect.any(Number),
      });
    } finally {
      await api.close();
    }
  });

  test("groups IPv6 clients by /64 and IPv4-mapped clients as IPv4", () => {
    expect(addressGroup("2001:db8:1:2:aaaa::1")).toBe(addressGroup("2001:db8:1:2:bbbb::2"));
    expect(addressGroup("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressGroup("2001:db8:1:3::1")).not.toBe(addressGroup("2001:db8:1:2::1"));
    expect(addressGroup("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressGroup("192.0.2.7")).toBe("192.0.2.7");
  });
});

describe("refused requests and a key's quota", () => {
  test("spends nothing of a key's quota on 403s", async ({ database }) => {
    const api = await startTestApi(database);
    try {
      const free = await createTestAccount(database.prisma);
      for (let i = 0; i < 5; i++) {
        expect((await api.get("/api/v1/api/premium/proxies", free.key)).status).toBe(403);
      }
      const suspended = await createTestAccount(database.prisma, { status: "suspended" });
      for (let i = 0; i < 5; i++)
        expect((await api.get("/api/v1/api/proxies", suspended.key)).status).toBe(403);
      await database.prisma.account.update({
        where: { id: suspended.accountId },
        data: { status: "active" },
      });
      await untilDropped(api, suspended.key);

      for (const account of [free, suspended]) {
        const allowed = await api.get("/api/v1/api/proxies", account.key);
        expect(allowed.status).toBe(200);
        expect(allowed.headers.get("ratelimit")).toMatch(/^"api_read";r=59;t=\d+$/);
      }
    } finally {
      await api.close();
    }
  });
});
