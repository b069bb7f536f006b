import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { submitCheckJob } from "../support/check-job-submission.ts";
import {
  everyItemCheckedOnce,
  readCheckJobTally,
  readChunkProgress,
  waitForCompletion,
} from "../support/check-job-tally.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type SlowHttpProxy, startSlowHttpProxy } from "../support/slow-http-proxy.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

const CHUNK_SIZE = 4;
const CHUNKS = 10;
const ITEMS = CHUNK_SIZE * CHUNKS;
const CHUNK_CONCURRENCY = 2;

let database: PrivateDatabase;
let api: TestApi;
let owner: TestAccount;
let judge: RunningJudge;
let proxy: SlowHttpProxy;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  database = await createPrivateDatabase();
  judge = await startJudge();
  // Two probes at a time over two chunks of four, a second each: a chunk takes about four seconds.
  proxy = await startSlowHttpProxy({ delayMs: 1_000 });
  api = await startTestApi(database, {
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    CHECK_CHUNK_SIZE: String(CHUNK_SIZE),
  });
  owner = await createTestAccount(database.prisma);
}, 60_000);

afterEach(async () => {
  await stopWorkers(workers);
  workers = [];
});

afterAll(async () => {
  await api?.close();
  await proxy?.stop();
  await judge?.stop();
  await database?.drop();
});

const startWorker = async (graceMs: number) => {
  const worker = await startWorkerProcess({
    databaseUrl: database.url,
    queuePrefix: api.queuePrefix,
    judge,
    env: {
      WORKER_CHUNK_CONCURRENCY: String(CHUNK_CONCURRENCY),
      WORKER_PROBE_CONCURRENCY: "2",
      SHUTDOWN_GRACE_MS: String(graceMs),
    },
  });
  workers.push(worker);
  return worker;
};

/** A worker that picks up what the signalled one left, quicker than it. */
const startSuccessor = async () => {
  const worker = await startWorkerProcess({
    databaseUrl: database.url,
    queuePrefix: api.queuePrefix,
    judge,
    env: { WORKER_CHUNK_CONCURRENCY: "5", WORKER_PROBE_CONCURRENCY: "10" },
  });
  workers.push(worker);
  return worker;
};

/** Submits a job and waits until the worker is probing its first chunks. */
const submitAndWaitForProbes = async () => {
  const probesBefore = proxy.requests();
  const jobId = await submitCheckJob(
    api,
    owner.key,
    Array.from({ length: ITEMS }, () => proxy.line(`item${Math.random().toString(36).slice(2)}`)),
  );
  await expect
    .poll(() => proxy.requests() - probesBefore, { timeout: 20_000, interval: 50 })
    .toBeGreaterThan(0);
  return { jobId, probesBefore };
};

describe("a worker sent SIGTERM", () => {
  it("finishes the chunks it is running, takes no new ones, and exits cleanly", async () => {
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

  it("past its grace period leaves unfinished chunks to other workers, which count each item once", async () => {
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
