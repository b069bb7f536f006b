import {
  MID_JOB_ITEMS,
  type MidJobFixture,
  test as sieveTest,
  stageBeforeTests,
  startMidJobFixture,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const test = sieveTest
  .extend(
    "fixture",
    { scope: "file", auto: true },
    async ({ database }, { onCleanup }): Promise<MidJobFixture> => {
      const fixture = await startMidJobFixture({ database, databaseUrl: database.url });
      onCleanup(() => fixture.stop());
      return fixture;
    },
  )
  .extend(
    "startWorker",
    ({ database, fixture, workerProcesses }) =>
      () =>
        workerProcesses.start({
          databaseUrl: database.url,
          queuePrefix: fixture.api.queuePrefix,
          judge: fixture.judge,
        }),
  );
// The fixture fixture (auto) starts before the test, within this longer timeout.
stageBeforeTests(test, 60_000);

describe("a worker killed with SIGKILL mid-job", () => {
  test("leaves its chunks to another worker, and every item ends with exactly one result", async ({
    fixture,
    startWorker,
  }) => {
    const doomed = await startWorker();
    const jobId = await fixture.startJob();

    doomed.signal("SIGKILL");
    expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });
    const atKill = await fixture.tally(jobId);
    expect(atKill.itemsWithResult).toBeLessThan(MID_JOB_ITEMS);

    const successor = await startWorker();
    // The killed worker's chunks come back once their locks expire (WORKER_STALL_MS).
    expect(await fixture.completion(jobId)).toEqual(fixture.everyItemCheckedOnce);
    // Each chunk taken over that way is logged as stalled, with its task id (job id and chunk).
    expect(
      successor.logs.some(
        (line) => line.message === "task stalled" && String(line.task).startsWith(`${jobId}_`),
      ),
    ).toBe(true);
    for (let i = 0; i < MID_JOB_ITEMS; i += 1) {
      expect(fixture.proxy.requestsByUser().get(`item${i}`)).toBeGreaterThan(0);
    }
  }, 90_000);
});
