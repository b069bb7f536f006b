import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyItemCheckedOnce, readCheckJobTally, waitForCompletion } from "../support/check-job-tally.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { MID_JOB_ITEMS, type MidJobFixture, startMidJobFixture } from "../support/mid-job-fixture.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

let database: PrivateDatabase;
let fixture: MidJobFixture;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  database = await createPrivateDatabase();
  fixture = await startMidJobFixture(database, database.url);
}, 60_000);

afterAll(async () => {
  await stopWorkers(workers);
  await fixture?.stop();
  await database?.drop();
});

const startWorker = async () => {
  const worker = await startWorkerProcess({
    databaseUrl: database.url,
    queuePrefix: fixture.api.queuePrefix,
    judge: fixture.judge,
  });
  workers.push(worker);
  return worker;
};

describe("a worker killed with SIGKILL mid-job", () => {
  it("leaves its chunks to another worker, and every item ends with exactly one result", async () => {
    const doomed = await startWorker();
    const jobId = await fixture.startJob();

    doomed.signal("SIGKILL");
    expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });
    const atKill = await readCheckJobTally(database.url, jobId);
    expect(atKill.itemsWithResult).toBeLessThan(MID_JOB_ITEMS);

    const successor = await startWorker();
    // The killed worker's chunks come back once their locks expire (WORKER_STALL_MS).
    expect(await waitForCompletion(database.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(MID_JOB_ITEMS));
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
