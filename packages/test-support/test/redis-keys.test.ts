import { createRedis } from "@sieve/core";
import { afterAll, describe, expect } from "vitest";
import {
  claimedKeyPrefixes,
  claimKeyPrefix,
  countKeysUnder,
  jsonBody,
  removeClaimedKeys,
  removeKeysUnder,
  startTestApi,
  startTestWorker,
  test,
  waitFor,
} from "../src/index.ts";

const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { role: "worker" });
afterAll(() => redis.disconnect());

describe("Redis keys of a test file", () => {
  test("are removed under their prefix, and no key outside it", async () => {
    const prefix = claimKeyPrefix("probe");
    const neighbour = claimKeyPrefix("probe");
    await redis.set(`${prefix}:a`, "1");
    await redis.hset(`${prefix}:b:c`, "field", "1");
    await redis.set(`${prefix}-lookalike:d`, "1");
    await redis.set(`${neighbour}:e`, "1");

    await removeKeysUnder([prefix]);

    expect(await countKeysUnder([prefix])).toBe(0);
    expect(await redis.exists(`${prefix}-lookalike:d`, `${neighbour}:e`)).toBe(2);
    await redis.unlink(`${prefix}-lookalike:d`);
  });

  test("that an API and a worker made are all gone once the claimed prefixes are removed", async ({
    database,
    judge,
    owner,
  }) => {
    const api = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });
    const worker = await startTestWorker({ database, queuePrefix: api.queuePrefix, judge });
    try {
      // A read makes rate-limit keys; a job makes queue keys.
      expect((await api.get("/api/v1/api/proxies", owner.key)).status).toBe(200);
      const submitted = await fetch(`${api.url}/api/v1/api/check`, {
        method: "POST",
        headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": "text/plain" },
        body: "127.0.0.1:9",
      });
      const { job_id: jobId } = await jsonBody(submitted);
      await waitFor(
        async () =>
          (await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}`, owner.key))).status === "completed",
      );
    } finally {
      await worker.stop();
      await api.close();
    }
    const prefixes = claimedKeyPrefixes();
    expect(prefixes.some((prefix) => prefix.includes("-queue-"))).toBe(true);
    expect(prefixes.some((prefix) => prefix.includes("-rate-limit-"))).toBe(true);
    expect(await countKeysUnder(prefixes)).toBeGreaterThan(0);

    await removeClaimedKeys();

    expect(await countKeysUnder(prefixes)).toBe(0);
  });
});
