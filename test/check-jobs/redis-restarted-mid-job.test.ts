import {
  everyItemCheckedOnce,
  MID_JOB_ITEMS,
  type MidJobFixture,
  readCheckJobTally,
  serviceFixture,
  test as sieveTest,
  startMidJobFixture,
  startPrivateRedis,
  startWorkerProcess,
  type WorkerProcess,
  waitForCompletion,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest
  // Its own Redis: the one other tests share must never be emptied.
  .extend("redis", { scope: "file" }, serviceFixture(startPrivateRedis))
  .extend(
    "fixture",
    { scope: "file" },
    async ({ database, redis }, { onCleanup }): Promise<MidJobFixture> => {
      const fixture = await startMidJobFixture(database, database.url, { REDIS_URL: redis.url });
      onCleanup(() => fixture.stop());
      return fixture;
    },
  )
  .extend(
    "workerProcess",
    { scope: "file" },
    async ({ database, redis, fixture }, { onCleanup }): Promise<WorkerProcess> => {
      const worker = await startWorkerProcess({
        databaseUrl: database.url,
        redisUrl: redis.url,
        queuePrefix: fixture.api.queuePrefix,
        judge: fixture.judge,
      });
      onCleanup(() => worker.stop());
      return worker;
    },
  );
test.beforeAll(async ({ workerProcess: _started }) => {
  // The stage is set before the test, within this hook's timeout.
}, 60_000);

describe("Redis restarted empty mid-job", () => {
  test("has the reconciler queue the lost chunks again, and the job completes with one result per item", async ({
    database,
    redis,
    fixture,
    workerProcess: worker,
  }) => {
    const jobId = await fixture.startJob();

    await redis.restartEmpty();
    const atRestart = await readCheckJobTally(database.url, jobId);
    expect(atRestart.itemsWithResult).toBeLessThan(MID_JOB_ITEMS);

    expect(await waitForCompletion(database.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(MID_JOB_ITEMS));
    expect(worker?.logs.some((line) => line.message === "re-queued lost chunks")).toBe(true);
  }, 90_000);
});
