import { createPrivateDatabase, type PrivateDatabase } from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../src/db/database.ts";
import { createHealth, postgresCheck, redisCheck } from "../src/health/readiness.ts";
import { createRedis } from "../src/redis.ts";

let database: PrivateDatabase;
let onePool: Database;

beforeAll(async () => {
  database = await createPrivateDatabase();
  onePool = createDatabase({ url: database.url, poolMax: 1 });
});
afterAll(async () => {
  await onePool?.close();
  await database?.drop();
});

describe("readiness", () => {
  it("is not ready while the pool cannot give a connection within the timeout, and recovers", async () => {
    const health = createHealth({ postgres: postgresCheck(onePool.pool) }, { timeoutMs: 300 });
    const held = await onePool.pool.connect();
    const whileHeld = await health.readiness();
    expect(whileHeld).toEqual({
      ready: false,
      draining: false,
      checks: { postgres: "no answer within 300 ms" },
    });
    held.release();
    // The connection that arrived after the check gave up went back to the pool.
    await expect.poll(() => onePool.pool.idleCount, { timeout: 2_000 }).toBe(1);
    expect(await health.readiness()).toEqual({ ready: true, draining: false, checks: { postgres: "ok" } });
  });

  it("asks a worker's Redis connection nothing while it is not connected, instead of queueing the ping", async () => {
    const redis = createRedis("redis://127.0.0.1:1", { role: "worker" });
    try {
      const report = await createHealth({ redis: redisCheck(redis) }).readiness();
      expect(report.ready).toBe(false);
      expect(report.checks.redis).toMatch(/^redis connection is (connecting|reconnecting|connect)$/);
    } finally {
      redis.disconnect();
    }
  });

  it("stays not ready once draining, whatever the checks say", async () => {
    const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { role: "producer" });
    try {
      const health = createHealth({ postgres: postgresCheck(database.pool), redis: redisCheck(redis) });
      await expect.poll(async () => (await health.readiness()).ready, { timeout: 5_000 }).toBe(true);
      health.drain();
      expect(await health.readiness()).toEqual({
        ready: false,
        draining: true,
        checks: { postgres: "ok", redis: "ok" },
      });
    } finally {
      redis.disconnect();
    }
  });
});
