import {
  everyItemCheckedOnce,
  readCheckJobTally,
  readChunkProgress,
  test as sieveTest,
  slowProxyFixture,
  submitCheckJob,
  waitFor,
  waitForCompletion,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const CHUNK_SIZE = 4;
const CHUNKS = 10;
const ITEMS = CHUNK_SIZE * CHUNKS;
const CHUNK_CONCURRENCY = 2;

/**
 * Two probes at a time over two chunks of four, a second each: a chunk takes about four seconds.
 * `startWorker` and `startSuccessor` start worker processes, which are killed after each test.
 */
const test = sieveTest
  .extend("proxy", { scope: "file" }, slowProxyFixture(1_000))
  .extend(
    "startWorker",
    ({ database, api, judge, workerProcesses }) =>
      (graceMs: number) =>
        workerProcesses.start({
          databaseUrl: database.url,
          queuePrefix: api.queuePrefix,
          judge,
          env: {
            WORKER_CHUNK_CONCURRENCY: String(CHUNK_CONCURRENCY),
            WORKER_PROBE_CONCURRENCY: "2",
            SHUTDOWN_GRACE_MS: String(graceMs),
          },
        }),
  )
  /** A worker that picks up what the signalled one left, quicker than it. */
  .extend(
    "startSuccessor",
    ({ database, api, judge, workerProcesses }) =>
      () =>
        workerProcesses.start({
          databaseUrl: database.url,
          queuePrefix: api.queuePrefix,
          judge,
          env: { WORKER_CHUNK_CONCURRENCY: "5", WORKER_PROBE_CONCURRENCY: "10" },
        }),
  )
  /** Submits a job and waits until the worker is probing its first chunks. */
  .extend("submitAndWaitForProbes", ({ api, owner, proxy }) => async () => {
    const probesBefore = proxy.requests();
    const jobId = await submitCheckJob(
      api,
      owner.key,
      Array.from({ length: ITEMS }, () => proxy.line(`item${Math.random().toString(36).slice(2)}`)),
    );
    await waitFor(() => proxy.requests() - probesBefore > 0, { timeout: 20_000, interval: 50 });
    return { jobId, probesBefore };
  });
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: String(CHUNK_SIZE) });

describe("a worker sent SIGTERM", () => {
  test("finishes the chunks it is running, takes no new ones, and exits cleanly", async ({
    database,
    proxy,
    startWorker,
    startSuccessor,
    submitAndWaitForProbes,
  }) => {
    const worker = await startWorker(20_000);
    const { jobId, probesBefore } = await submitAndWaitForProbes();
    const touchedAtSignal = (await readChunkProgress(database.url, jobId)).filter(
      (c) => c.checked > 0,
    ).length;

    worker.signal("SIGTERM");
    // A clean exit after a signal reports 128 + its number, as a shell does: 143 for SIGTERM.
    expect(await worker.exited).toEqual({ code: 143, signal: null });

    const progress = await readChunkProgress(database.url, jobId);
    const partial = progress.filter((chunk) => chunk.checked > 0 && chunk.checked < chunk.items);
    const finished = progress.filter((chunk) => chunk.checked === chunk.items);
    expect(partial).toEqual([]);
    expect(finished.length).toBeGreaterThan(0);
    // Only chunks already started when the signal came were finished, never a new one.
    expect(finished.length).toBeLessThanOrEqual(touchedAtSignal + CHUNK_CONCURRENCY);
    const tally = await readCheckJobTally(database.url, jobId);
    expect(tally.itemsWithResult).toBe(proxy.requests() - probesBefore);

    await startSuccessor();
    expect(await waitForCompletion(database.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(ITEMS));
    // Nothing the drained worker checked was checked again.
    expect(proxy.requests() - probesBefore).toBe(ITEMS);
  }, 90_000);

  test("past its grace period leaves unfinished chunks to other workers, which count each item once", async ({
    database,
    startWorker,
    startSuccessor,
    submitAndWaitForProbes,
  }) => {
    const worker = await startWorker(500);
    const { jobId } = await submitAndWaitForProbes();

    worker.signal("SIGTERM");
    expect(await worker.exited).toEqual({ code: 143, signal: null });
    const atExit = await readCheckJobTally(database.url, jobId);
    expect(atExit.itemsWithResult).toBeLessThan(ITEMS);

    await startSuccessor();
    expect(await waitForCompletion(database.url, jobId, 60_000)).toEqual(everyItemCheckedOnce(ITEMS));
  }, 90_000);
});
