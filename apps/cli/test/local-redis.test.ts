import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@sieve/test-support";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalRedis } from "../src/local/local-redis.ts";
import type { LocalService } from "../src/local/local-service.ts";

/* The Redis pnpm start runs when none answers: on a free port and in a folder of this test's own. */

let dir: string;
let port: number;
let running: LocalService | undefined;

async function withRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sieve-local-redis-"));
  port = await freePort();
});

afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the Redis pnpm start runs", { timeout: 60_000 }, () => {
  it("runs with AOF on and noeviction, from a config file beside its data", async () => {
    running = await startLocalRedis({ dir: join(dir, "redis"), port });

    const settings = await withRedis(async (redis) => ({
      appendonly: await redis.config("GET", "appendonly"),
      policy: await redis.config("GET", "maxmemory-policy"),
      dir: await redis.config("GET", "dir"),
    }));
    expect(settings).toEqual({
      appendonly: ["appendonly", "yes"],
      policy: ["maxmemory-policy", "noeviction"],
      dir: ["dir", join(dir, "redis")],
    });
    expect(await readFile(join(dir, "redis", "redis.conf"), "utf8")).toMatch(
      /^maxmemory-policy noeviction$/m,
    );
  });

  it("keeps what it holds across a stop and a start, with the same settings", async () => {
    await withRedis((redis) => redis.set("sieve:kept", "still here"));

    await running?.stop();
    running = await startLocalRedis({ dir: join(dir, "redis"), port });

    expect(await withRedis((redis) => redis.get("sieve:kept"))).toBe("still here");
    expect(await withRedis((redis) => redis.config("GET", "maxmemory-policy"))).toEqual([
      "maxmemory-policy",
      "noeviction",
    ]);
  });
});
