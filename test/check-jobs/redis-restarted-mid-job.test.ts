import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyItemCheckedOnce, readCheckJobTally, waitForCompletion } from "../support/check-job-tally.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { MID_JOB_ITEMS, type MidJobFixture, startMidJobFixture } from "../support/mid-job-fixture.ts";
import { type PrivateRedis, startPrivateRedis } from "../support/private-redis.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

let database: PrivateDatabase;
let redis: PrivateRedis;
let fixture: MidJobFixture;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  database = await createPrivateDatabase();
  // Its own Redis: the one other tests share must never be emptied.
  redis = await startPrivateRedis();
  fixture = await startMidJobFixture(database, database.url, { REDIS_URL: redis.url });
  worker = await startWorkerProcess({
    databaseUrl: database.url,
    redisUrl: redis.url,
    queuePrefix: fixture.api.queuePrefix,
    judge: fixture.judge,
  });
}, 60_000);

afterAll(async () => {
  await stopWorkers([worker]);
  await fixture?.stop();
  await redis?.stop();
  await database?.drop();
});

describe("Redis restarted empty mid-job", () => {
  it("has the reconciler queue the lost chunks again, and the job completes with one result per item", async () => {
    const jobId = await fixture.startJob();

    await redis.restartEmpty();
    const atRestart = await readCheckJobTally(database.url, jobId);
    expect(atRestart.itemsWithResult).toBeLessThan(MID_JOB_ITEMS);

    expect(await waitForCompletion(database.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(MID_JOB_ITEMS));
    expect(worker?.logs.some((line) => line.message === "re-queued lost chunks")).toBe(true);
  }, 90_000);
});
