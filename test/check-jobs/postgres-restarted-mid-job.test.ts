import { createDatabase, type Database } from "@sieve/core";
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
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type PrivatePostgres, startPrivatePostgres } from "../support/private-postgres.ts";
import { type SlowHttpProxy, startSlowHttpProxy } from "../support/slow-http-proxy.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

const ITEMS = 60;

let postgres: PrivatePostgres;
let database: Database;
let api: TestApi;
let owner: TestAccount;
let judge: RunningJudge;
let proxy: SlowHttpProxy;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  // Its own cluster: the server other tests share must never go down.
  postgres = await startPrivatePostgres();
  database = createDatabase({ url: postgres.url, poolMax: 5 });
  judge = await startJudge();
  proxy = await startSlowHttpProxy({ delayMs: 500 });
  api = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "5" });
  owner = await createTestAccount(database.prisma);
  worker = await startWorkerProcess({ databaseUrl: postgres.url, queuePrefix: api.queuePrefix, judge });
}, 60_000);

afterAll(async () => {
  await stopWorkers([worker]);
  await api?.close();
  await database?.close();
  await postgres?.stop();
  await proxy?.stop();
  await judge?.stop();
});

const failedChunkAttempts = () =>
  worker?.logs.filter((line) => line.message === "task failed" && line.queue === "check").length ?? 0;

describe("PostgreSQL restarted mid-job", () => {
  it("has the workers retry until it is back, losing nothing and counting nothing twice", async () => {
    const jobId = await submitCheckJob(
      api,
      owner.key,
      Array.from({ length: ITEMS }, (_, i) => proxy.line(`item${i}`)),
    );
    await waitForResults(postgres.url, jobId, 10);

    await postgres.halt();
    // Down until chunks in flight have failed to store their results, so retries are what saves them.
    await expect.poll(failedChunkAttempts, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    await postgres.start();
    const afterRestart = await readCheckJobTally(postgres.url, jobId);
    expect(afterRestart.itemsWithResult).toBeLessThan(ITEMS);

    expect(await waitForCompletion(postgres.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(ITEMS));
  }, 90_000);
});
