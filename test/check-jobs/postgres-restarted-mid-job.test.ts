import { createDatabase, type Database } from "@sieve/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyItemCheckedOnce, readCheckJobTally, waitForCompletion } from "../support/check-job-tally.ts";
import { MID_JOB_ITEMS, type MidJobFixture, startMidJobFixture } from "../support/mid-job-fixture.ts";
import { type PrivatePostgres, startPrivatePostgres } from "../support/private-postgres.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

let postgres: PrivatePostgres;
let database: Database;
let fixture: MidJobFixture;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  // Its own cluster: the server other tests share must never go down.
  postgres = await startPrivatePostgres();
  database = createDatabase({ url: postgres.url, poolMax: 5 });
  fixture = await startMidJobFixture(database, postgres.url);
  worker = await startWorkerProcess({
    databaseUrl: postgres.url,
    queuePrefix: fixture.api.queuePrefix,
    judge: fixture.judge,
  });
}, 60_000);

afterAll(async () => {
  await stopWorkers([worker]);
  await fixture?.stop();
  await database?.close();
  await postgres?.stop();
});

const failedChunkAttempts = () =>
  worker?.logs.filter((line) => line.message === "task failed" && line.queue === "check").length ?? 0;

describe("PostgreSQL restarted mid-job", () => {
  it("has the workers retry until it is back, losing nothing and counting nothing twice", async () => {
    const jobId = await fixture.startJob();

    await postgres.halt();
    // Down until chunks in flight have failed to store their results, so retries are what saves them.
    await expect.poll(failedChunkAttempts, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    await postgres.start();
    const afterRestart = await readCheckJobTally(postgres.url, jobId);
    expect(afterRestart.itemsWithResult).toBeLessThan(MID_JOB_ITEMS);

    expect(await waitForCompletion(postgres.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(MID_JOB_ITEMS));
  }, 90_000);
});
