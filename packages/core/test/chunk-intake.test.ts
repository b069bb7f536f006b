import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createProbeLimit } from "@sieve/probe";
import { claimKeyPrefix, waitFor } from "@sieve/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { type ChunkIntake, createChunkIntake } from "../src/check-jobs/chunk-intake.ts";
import { type ConsumerSettings, type Consumers, startConsumers } from "../src/jobs/consumers.ts";
import type { QueueName } from "../src/jobs/job-catalog.ts";
import { createQueues } from "../src/jobs/queues.ts";
import { createLogger } from "../src/logger.ts";
import { createRedis } from "../src/redis.ts";

const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { role: "worker" });
const started: Consumers[] = [];
const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(started.map((consumers) => consumers.close(true)));
  await Promise.all(closers.map((close) => close()));
  redis.disconnect();
});

const PROBE_LIMIT = 10;
const CHUNK_ITEMS = 5;
const PROBE_MS = 50;
const CHUNKS = 40;
// A fleet's bound on chunks held: BullMQ alone would fetch this many.
const CHUNK_CONCURRENCY = 50;

/** A worker process as the check queue sees it: chunks of probes sharing one probe limit. */
function checkWorker(prefix: string, withIntake: boolean) {
  const probes = createProbeLimit({ max: PROBE_LIMIT });
  const intake: ChunkIntake | undefined = withIntake ? createChunkIntake(probes) : undefined;
  const seen = { held: 0, mostHeld: 0, done: 0 };
  const settings = {
    check: { concurrency: CHUNK_CONCURRENCY, ...(intake ? { intake } : {}) },
  } as Record<QueueName, ConsumerSettings>;
  const consumers = startConsumers({
    connection: redis,
    prefix,
    settings,
    logger: createLogger({ service: "test", level: "error" }),
    handlers: {
      checkChunk: async () => {
        seen.held += 1;
        seen.mostHeld = Math.max(seen.mostHeld, seen.held);
        const taken = intake?.take();
        const limit = taken?.probeLimit ?? probes;
        try {
          await sleep(5); // loading the chunk's items
          await Promise.all(Array.from({ length: CHUNK_ITEMS }, () => limit(() => sleep(PROBE_MS))));
        } finally {
          taken?.release();
          seen.held -= 1;
          seen.done += 1;
        }
      },
    },
  });
  started.push(consumers);
  return seen;
}

async function queueChunks(prefix: string) {
  const queues = createQueues({ connection: redis, prefix });
  closers.push(() => queues.close());
  const jobId = randomUUID();
  for (let chunk = 0; chunk < CHUNKS; chunk++) await queues.enqueue("checkChunk", { jobId, chunk });
}

describe("a worker's chunk intake", () => {
  it("is what stops one worker holding every chunk: without it, BullMQ fetches up to its concurrency", async () => {
    const prefix = claimKeyPrefix("intake");
    await queueChunks(prefix);
    const alone = checkWorker(prefix, false);
    await waitFor(() => alone.done === CHUNKS, { timeout: 30_000 });
    // Every chunk was held at once, though the probe limit could run two of them.
    expect(alone.mostHeld).toBeGreaterThan(CHUNKS / 2);
  });

  it("takes chunks only while the probe limit has room, leaving the rest to the fleet", async () => {
    const prefix = claimKeyPrefix("intake");
    await queueChunks(prefix);
    const first = checkWorker(prefix, true);
    // The second worker arrives once the first is busy, as one started by the autoscaler would.
    await waitFor(() => first.held > 0);
    await sleep(100);
    const second = checkWorker(prefix, true);
    await waitFor(() => first.done + second.done === CHUNKS, { timeout: 30_000 });

    // Held at most: the chunks running (the limit's worth) and one limit's worth queued, each
    // bound overshot by the chunk fetched while the pause takes effect.
    const bound = (2 * PROBE_LIMIT) / CHUNK_ITEMS + 2;
    expect(first.mostHeld).toBeLessThanOrEqual(bound);
    expect(second.mostHeld).toBeLessThanOrEqual(bound);
    // The late worker found work waiting, and did a fair share of it.
    expect(second.done).toBeGreaterThanOrEqual(CHUNKS / 4);
  });
});
