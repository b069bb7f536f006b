import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import { claimKeyPrefix, freePort, waitFor } from "@sieve/test-support";
import { SieveError } from "@sieve/vocabulary";
import { afterAll, describe, expect, it } from "vitest";
import { type ConsumerSettings, type Consumers, startConsumers } from "../src/jobs/consumers.ts";
import type { QueueName } from "../src/jobs/job-catalog.ts";
import type { JobHandlers } from "../src/jobs/job-handlers.ts";
import { createQueues } from "../src/jobs/queues.ts";
import { createLogger } from "../src/logger.ts";
import { createRedis } from "../src/redis.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// Claimed: the test support removes its keys from Redis after this file.
const prefix = claimKeyPrefix("jobs");
const redis = createRedis(redisUrl, { role: "worker" });
const queues = createQueues({ connection: redis, prefix });
const started: Consumers[] = [];

afterAll(async () => {
  await Promise.all(started.map((consumers) => consumers.close(true)));
  await queues.close();
  redis.disconnect();
});

/** A logger whose JSON lines the test reads. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { lines, logger: createLogger({ service: "test", level: "debug", stream }) };
}

// Short locks, so a task left by a dead consumer is seen as stalled within seconds.
const settings = Object.fromEntries(
  (["check", "maintenance", "verified-schedule", "verified-check", "sources"] as const).map((queue) => [
    queue,
    { concurrency: 2, lockDuration: 1_000, stalledInterval: 1_000 },
  ]),
) as Record<QueueName, ConsumerSettings>;

function consume(handlers: Partial<JobHandlers>, logger = capturedLogger().logger): Consumers {
  const consumers = startConsumers({ connection: redis, prefix, handlers, settings, logger });
  started.push(consumers);
  return consumers;
}

describe("the job catalog's consumers", () => {
  it("hand each task to its entry's handler, typed and checked by the entry's payload schema", async () => {
    const seen: string[] = [];
    const handlers: Partial<JobHandlers> = {
      fetchSource: async (payload) => {
        seen.push(payload.sourceId);
        // @ts-expect-error The payload is typed by the entry's schema: sourceId is a string.
        const notANumber: number = payload.sourceId;
        return notANumber;
      },
      // @ts-expect-error A handler cannot exist for a job the catalog does not declare.
      notInTheCatalog: async () => undefined,
    };
    const { lines, logger } = capturedLogger();
    expect(consume({ fetchSource: handlers.fetchSource! }, logger).queues).toEqual(["sources"]);

    const sourceId = randomUUID();
    await queues.enqueue("fetchSource", { sourceId });
    await waitFor(async () => (seen.includes(sourceId) ? true : undefined));

    // A payload that does not match its schema fails for good, and the failure is logged.
    await queues.byName.sources.add("fetch-source", { sourceId: "not-a-uuid" }, { attempts: 3 });
    const failed = await waitFor(async () =>
      lines.find((line) => line.message === "task failed" && String(line.error).includes("fetch-source")),
    );
    expect(failed).toMatchObject({ queue: "sources", attempt: 1 });
    expect(String(failed.error)).toMatch(/^invalid fetch-source payload/);
  });

  it("refuse to queue a payload its schema rejects", async () => {
    await expect(queues.enqueue("fetchSource", { sourceId: "not-a-uuid" })).rejects.toThrow(/sourceId/);
  });

  it("log a task left by a consumer that died as stalled, with its task id", async () => {
    const jobId = randomUUID();
    let taken: () => void = () => {};
    const takenByFirst = new Promise<void>((resolve) => {
      taken = resolve;
    });
    // The first consumer takes the chunk and never finishes it; forced to close, it leaves the lock to expire.
    const first = consume({
      checkChunk: () => {
        taken();
        return new Promise(() => {});
      },
    });
    await queues.enqueue("checkChunk", { jobId, chunk: 3 });
    await takenByFirst;
    await first.close(true);

    const done: number[] = [];
    const { lines, logger } = capturedLogger();
    consume(
      {
        checkChunk: async (payload) => {
          done.push(payload.chunk);
        },
      },
      logger,
    );
    const stalled = await waitFor(async () => lines.find((line) => line.message === "task stalled"));
    expect(stalled).toMatchObject({ queue: "check", task: `${jobId}_3` });
    await waitFor(async () => (done.includes(3) ? true : undefined));
  });
});

describe("a producer's enqueue", () => {
  it("fails at once with a 503 error while Redis is away", async () => {
    // Nothing listens there: the connection errors are expected, and kept rather than printed.
    const errors: Error[] = [];
    const away = createRedis(`redis://127.0.0.1:${await freePort()}`, {
      role: "producer",
      onError: (error) => errors.push(error),
    });
    const producer = createQueues({ connection: away, prefix, onError: (error) => errors.push(error) });
    try {
      const startedAt = Date.now();
      const refused = await producer
        .enqueue("checkChunk", { jobId: randomUUID(), chunk: 0 })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SieveError);
      expect(refused).toMatchObject({ code: "unavailable" });
      expect(Date.now() - startedAt).toBeLessThan(1_000);
    } finally {
      await producer.close();
      away.disconnect();
    }
  });
});
