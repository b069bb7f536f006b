import { createDatabase, type Database } from "@sieve/core";
import {
  MID_JOB_ITEMS,
  serviceFixture,
  test as sieveTest,
  stageBeforeTests,
  startMidJobFixture,
  startPrivatePostgres,
  stopsAfter,
  type WorkerProcess,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest
  // Its own cluster: the server other tests share must never go down.
  .extend("postgres", { scope: "file" }, serviceFixture(startPrivatePostgres))
  .extend("clusterDatabase", { scope: "file" }, async ({ postgres }, { onCleanup }): Promise<Database> => {
    const database = createDatabase({ url: postgres.url, poolMax: 5 });
    onCleanup(() => database.close());
    return database;
  })
  .extend("fixture", { scope: "file", auto: true }, ({ postgres, clusterDatabase }, { onCleanup }) =>
    stopsAfter(
      onCleanup,
      startMidJobFixture({ database: clusterDatabase, databaseUrl: postgres.url }, { withWorker: true }),
    ),
  );
// The stage and its worker (auto) start before the test, within this longer timeout.
stageBeforeTests(test, 60_000);

const failedChunkAttempts = (worker: WorkerProcess | undefined) =>
  worker?.logs.filter((line) => line.message === "task failed" && line.queue === "check").length ?? 0;

describe("PostgreSQL restarted mid-job", () => {
  test("has the workers retry until it is back, losing nothing and counting nothing twice", async ({
    postgres,
    fixture,
  }) => {
    const { afterFault, completed } = await fixture.runThrough(async () => {
      await postgres.halt();
      // Down until chunks in flight have failed to store their results, so retries are what saves them.
      await waitFor(() => failedChunkAttempts(fixture.worker) > 0, { timeout: 20_000, interval: 100 });
      await postgres.start();
    });
    expect(afterFault.itemsWithResult).toBeLessThan(MID_JOB_ITEMS);
    expect(completed).toEqual(fixture.everyItemCheckedOnce);
  }, 90_000);
});
