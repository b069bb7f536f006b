import { createApiKeyRepository } from "@sieve/core";
import {
  createPrivateDatabase,
  createTestAccount,
  type PrivateDatabase,
  startTestApi,
  type TestApi,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: PrivateDatabase;
let api: TestApi;

beforeAll(async () => {
  database = await createPrivateDatabase();
  api = await startTestApi(database, {
    RATE_LIMIT_API_READ_FREE: "100000",
    RATE_LIMIT_AUTH_FAILURES: "100000",
  });
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe("a revoked key under load", () => {
  it("is refused by every request that starts after the revocation returns", async () => {
    const account = await createTestAccount(database.prisma);
    const keys = createApiKeyRepository({ prisma: database.prisma });
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
