import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createDestinationPacer, createRedis } from "@sieve/core";
import { claimKeyPrefix } from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const redis = createRedis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", { role: "producer" });
// Before the connection is up each pacer counts in memory on its own (its fallback); the fleet-wide
// count is what these tests are about.
beforeAll(async () => {
  if (redis.status !== "ready") await once(redis, "ready");
});
afterAll(() => redis.disconnect());

describe("pacing probes per destination across the fleet", () => {
  it("lets two workers together start at most the limit per second at one host, and every probe still starts", async () => {
    const keyPrefix = claimKeyPrefix("destination-pace");
    // Two pacers on one prefix stand for two workers sharing the fleet's Redis.
    const workers = [1, 2].map(() => createDestinationPacer({ redis, keyPrefix, perSecond: 4 }));
    const host = `192.0.2.${randomBytes(1)[0]}`;
    const started = Date.now();
    const startTimes = await Promise.all(
      Array.from({ length: 10 }, async (_unused, index) => {
        await workers[index % 2]!.wait(host);
        return Date.now() - started;
      }),
    );
    // The window opens with the first token: four start inside it, the rest in the windows after.
    expect(startTimes.filter((ms) => ms < 950)).toHaveLength(4);
    expect(startTimes).toHaveLength(10);
  });

  it("does not hold back a host because another is busy", async () => {
    const keyPrefix = claimKeyPrefix("destination-pace");
    const pacer = createDestinationPacer({ redis, keyPrefix, perSecond: 2 });
    const busy = Array.from({ length: 6 }, () => pacer.wait("198.51.100.1"));
    let otherStarted = false;
    await pacer.wait("198.51.100.2").then(() => {
      otherStarted = true;
    });
    expect(otherStarted).toBe(true);
    await Promise.all(busy);
  });
});
