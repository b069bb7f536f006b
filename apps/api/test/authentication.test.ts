import { createTestAccount, jsonBody, test, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { untilDropped, writerStores } from "./key-cache-replicas.ts";

const DAY = 86_400_000;

describe("authentication and permissions", () => {
  test("answers 401 with a JSON error when no key is sent", async ({ api }) => {
    const response = await api.get("/api/v1/api/proxies");
    expect(response.status).toBe(401);
    expect(await jsonBody(response)).toEqual({
      code: "unauthenticated",
      error: expect.stringMatching(/missing API key/),
    });
  });

  test("answers 401 for a malformed Authorization header", async ({ api }) => {
    const response = await api.get("/api/v1/api/proxies", undefined, { Authorization: "Token abc" });
    expect(response.status).toBe(401);
    expect((await jsonBody(response)).error).toMatch(/malformed/);
  });

  test("answers 401 for a key that was never issued", async ({ api }) => {
    const response = await api.get("/api/v1/api/proxies", "pk_live_doesnotexist000000000000000000000000");
    expect(response.status).toBe(401);
    expect((await jsonBody(response)).error).toBe("invalid API key");
  });

  test("rejects a revoked key on the very next request", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma);
    expect((await api.get("/api/v1/api/proxies", account.key)).status).toBe(200);
    // Revoked as the dashboard and the CLI revoke: the invalidation is heard before revoke returns.
    const writer = writerStores(database.prisma, api.queuePrefix);
    try {
      await writer.keys.revoke(account.keyId);
    } finally {
      await writer.close();
    }
    const response = await api.get("/api/v1/api/proxies", account.key);
    expect(response.status).toBe(401);
    expect(await jsonBody(response)).toEqual({ code: "unauthenticated", error: "invalid API key" });
  });

  test("answers 403 when the account is suspended", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma, { status: "suspended" });
    const response = await api.get("/api/v1/api/proxies", account.key);
    expect(response.status).toBe(403);
    expect((await jsonBody(response)).error).toBe("account is not active");
  });

  test("answers 403 when the role lacks the permission", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma, {
      role: "readonly",
      premiumUntil: new Date(Date.now() + DAY),
    });
    const response = await api.get("/api/v1/api/premium/proxies", account.key);
    expect(response.status).toBe(403);
    expect((await jsonBody(response)).error).toMatch(/api\.premium\.proxies\.read/);
  });

  test("requires an active premium subscription for the premium pool", async ({ api, database }) => {
    const free = await createTestAccount(database.prisma);
    const response = await api.get("/api/v1/api/premium/proxies", free.key);
    expect(response.status).toBe(403);
    expect((await jsonBody(response)).error).toMatch(/premium/);
  });

  test("serves the premium pool while the subscription is active and refuses it once it ends", async ({
    api,
    database,
  }) => {
    const account = await createTestAccount(database.prisma, { premiumUntil: new Date(Date.now() + DAY) });
    const active = await api.get("/api/v1/api/premium/proxies", account.key);
    expect(active.status).toBe(200);
    expect(await jsonBody(active)).toMatchObject({ page: 1, limit: 50, total: 0, items: [] });

    await database.prisma.account.update({
      where: { id: account.accountId },
      data: { premiumUntil: new Date(Date.now() - 1000) },
    });
    await untilDropped(api, account.key);
    expect((await api.get("/api/v1/api/premium/proxies", account.key)).status).toBe(403);
  });

  test("records when a key was last used", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma);
    await api.get("/api/v1/api/proxies", account.key);
    expect(
      await waitFor(
        async () => (await database.prisma.apiKey.findUnique({ where: { id: account.keyId } }))?.lastUsedAt,
      ),
    ).toBeInstanceOf(Date);
  });

  test("never writes a key into its logs", async ({ api, database }) => {
    const account = await createTestAccount(database.prisma);
    await api.get("/api/v1/api/proxies", account.key);
    await api.get("/api/v1/api/proxies?protocol=bad", account.key);
    await api.get("/api/v1/api/nowhere", account.key);
    expect(api.logs.length).toBeGreaterThan(0);
    expect(api.logs.join("\n")).not.toContain(account.key);
    expect(api.logs.join("\n")).not.toContain(account.key.slice(8));
  });
});
