import { createApiKeyRepository, noKeyInvalidation } from "@sieve/core";
import { createTestAccount, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

test.override("apiEnv", { RATE_LIMIT_API_READ_FREE: "100000", RATE_LIMIT_AUTH_FAILURES: "100000" });

describe("a revoked key under load", () => {
  test("is refused by every request that starts after the revocation returns", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma);
    const keys = createApiKeyRepository({ prisma: database.prisma, invalidation: noKeyInvalidation });
    const requests: { startedAt: number; status: number }[] = [];
    let stopAt = Number.POSITIVE_INFINITY;
    const client = async () => {
      while (performance.now() < stopAt) {
        const startedAt = performance.now();
        const response = await api.get("/api/v1/api/proxies?limit=1", account.key);
        await response.arrayBuffer();
        requests.push({ startedAt, status: response.status });
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await keys.revoke(account.keyId);
    const revokedAt = performance.now();
    stopAt = revokedAt + 1_000;
    await Promise.all(clients);

    const after = requests.filter((request) => request.startedAt >= revokedAt);
    expect(requests.filter((request) => request.startedAt < revokedAt).length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThanOrEqual(5);
    expect(after.filter((request) => request.status !== 401)).toEqual([]);
  });
});
