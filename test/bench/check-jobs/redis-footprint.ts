import { setTimeout as sleep } from "node:timers/promises";
import { createQueues, createRedis } from "@sieve/core";
import { Redis } from "ioredis";

export interface RedisFootprint {
  usedMemory: number;
  /** Keys under the queue prefix, and how many of those belong to one check chunk. */
  keys: number;
  chunkKeys: number;
  /** MEMORY USAGE summed over the prefix's keys. */
  prefixBytes: number;
}

/** What the benchmark's queues hold in its private Redis. */
export async function redisFootprint(url: string, prefix: string): Promise<RedisFootprint> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    let prefixBytes = 0;
    for (const key of keys) prefixBytes += (await redis.memory("USAGE", key)) ?? 0;
    const info = await redis.info("memory");
    const usedMemory = Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
    // Chunk ids are `<uuid>_<chunk>`; BullMQ keeps a hash per job under `<prefix>:check:<id>`.
    const chunkKeys = keys.filter((key) => /:check:[0-9a-f-]{36}_\d+/.test(key)).length;
    return { usedMemory, keys: keys.length, chunkKeys, prefixBytes };
  } finally {
    redis.disconnect();
  }
}

/** Resolves once the check queue under `prefix` has nothing waiting, active, delayed or prioritized. */
export async function queueDrained(redisUrl: string, prefix: string): Promise<void> {
  const connection = createRedis(redisUrl, { role: "worker" });
  const queues = createQueues({ connection, prefix });
  try {
    for (;;) {
      const counts = await queues.byName.check.getJobCounts("wait", "active", "delayed", "prioritized");
      if (Object.values(counts).every((count) => count === 0)) return;
      await sleep(200);
    }
  } finally {
    await queues.close();
    connection.disconnect();
  }
}
