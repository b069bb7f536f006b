import {
  everyItemCheckedOnce,
  serviceFixture,
  test as sieveTest,
  slowProxyFixture,
  stageBeforeTests,
  startJudge,
  startWorkerProcess,
  stopWorkers,
  submitCheckJob,
  type WorkerProcess,
  waitForCompletion,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const ITEMS = 300;

const test = sieveTest
  .extend("proxy", { scope: "file" }, slowProxyFixture(300))
  // One judge per worker: the judge port in each probe request tells which worker sent it.
  .extend(
    "judges",
    { scope: "file" },
    serviceFixture(
      () => Promise.all([startJudge(), startJudge(), startJudge()]),
      (judges) => Promise.all(judges.map((judge) => judge.stop())),
    ),
  )
  .extend("workers", { scope: "file", auto: true }, async ({ database, api, judges }, { onCleanup }) => {
    const workers: WorkerProcess[] = await Promise.all(
      judges.map((judge) =>
        startWorkerProcess({ databaseUrl: database.url, queuePrefix: api.queuePrefix, judge }),
      ),
    );
    onCleanup(() => stopWorkers(workers));
    return workers;
  });
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "5" });
// The workers fixture (auto) starts before the test, within this longer timeout.
stageBeforeTests(test, 90_000);

describe("three worker processes on one job", () => {
  test("check every item exactly once, each doing part of the work", async ({
    api,
    owner,
    proxy,
    judges,
    database,
  }) => {
    const names = Array.from({ length: ITEMS }, (_, i) => `item${i}`);
    const jobId = await submitCheckJob(api, owner.key, names.map(proxy.line));

    expect(await waitForCompletion(database.url, jobId, 60_000)).toEqual(everyItemCheckedOnce(ITEMS));

    // Each line is pinned to http, so one probe is one request, labelled by the item's username.
    const probesPerItem = names.map((name) => proxy.requestsByUser().get(name) ?? 0);
    expect(probesPerItem.filter((probes) => probes !== 1)).toEqual([]);
    expect(proxy.requests()).toBe(ITEMS);

    const probesPerWorker = judges.map((judge) => proxy.requestsByJudgePort().get(judge.httpPort) ?? 0);
    expect(probesPerWorker.reduce((sum, probes) => sum + probes, 0)).toBe(ITEMS);
    for (const probes of probesPerWorker) expect(probes).toBeGreaterThan(0);
  }, 90_000);
});
