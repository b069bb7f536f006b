import {
  MID_JOB_ITEMS,
  serviceFixture,
  test as sieveTest,
  stageBeforeTests,
  startMidJobFixture,
  startPrivateRedis,
  stopsAfter,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest
  // Its own Redis: the one other tests share must never be emptied.
  .extend("redis", { scope: "file" }, serviceFixture(startPrivateRedis))
  .extend("fixture", { scope: "file", auto: true }, ({ database, redis }, { onCleanup }) =>
    stopsAfter(
      onCleanup,
      startMidJobFixture({ database, databaseUrl: database.url, redisUrl: redis.url }, { withWorker: true }),
    ),
  );
// The stage and its worker (auto) start before the test, within this longer timeout.
stageBeforeTests(test, 60_000);

describe("Redis restarted empty mid-job", () => {
  test("has the reconciler queue the lost chunks again, and the job completes with one result per item", async ({
    redis,
    fixture,
  }) => {
    const { afterFault, completed } = await fixture.runThrough(() => redis.restartEmpty());
    expect(afterFault.itemsWithResult).toBeLessThan(MID_JOB_ITEMS);
    expect(completed).toEqual(fixture.everyItemCheckedOnce);
    expect(fixture.worker?.logs.some((line) => line.message === "re-queued lost chunks")).toBe(true);
  }, 90_000);
});
