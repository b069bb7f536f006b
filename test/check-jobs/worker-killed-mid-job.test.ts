import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { submitCheckJob } from "../support/check-job-submission.ts";
import {
  everyItemCheckedOnce,
  readCheckJobTally,
  waitForCompletion,
  waitForResults,
} from "../support/check-job-tally.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type SlowHttpProxy, startSlowHttpProxy } from "../support/slow-http-proxy.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

const ITEMS = 60;

let database: PrivateDatabase;
let api: TestApi;
let owner: TestAccount;
let judge: RunningJudge;
let proxy: SlowHttpProxy;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  database = await createPrivateDatabase();
  judge = await startJudge();
  proxy = await startSlowHttpProxy({ delayMs: 500 });
  api = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "5" });
  owner = await createTestAccount(database.prisma);
}, 60_000);

afterAll(async () => {
  await stopWorkers(workers);
  await api?.close();
  await proxy?.stop();
  await judge?.stop();
  await database?.drop();
});

const startWorker = async () => {
  const worker = await startWorkerProcess({ databaseUrl: database.url, queuePrefix: api.queuePrefix, judge });
  workers.push(worker);
  return worker;
};

describe("a worker killed with SIGKILL mid-job", () => {
  it("leaves its chunks to another worker, and every item ends with exactly one result", async () => {
    const doomed = await startWorker();
    const jobId = await submitCheckJob(
      api,
      owner.key,
      Array.from({ length: ITEMS }, (_, i) => proxy.line(`item${i}`)),
    );
    await waitForResults(database.url, jobId, 10);

    doomed.signal("SIGKILL");
    expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });
    const atKill = await readCheckJobTally(database.url, jobId);
    expect(atKill.itemsWithResult).toBeLessThan(ITEMS);

    await startWorker();
    // The killed worker's chunks come back once their locks expire (WORKER_STALL_MS).
    expect(await waitForCompletion(database.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(ITEMS));
    for (let i = 0; i < ITEMS; i += 1) expect(proxy.requestsByUser().get(`item${i}`)).toBeGreaterThan(0);
  }, 90_000);
});
