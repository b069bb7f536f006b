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
import { type PrivateRedis, startPrivateRedis } from "../support/private-redis.ts";
import { type SlowHttpProxy, startSlowHttpProxy } from "../support/slow-http-proxy.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

const ITEMS = 60;

let database: PrivateDatabase;
let redis: PrivateRedis;
let api: TestApi;
let owner: TestAccount;
let judge: RunningJudge;
let proxy: SlowHttpProxy;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  database = await createPrivateDatabase();
  // Its own Redis: the one other tests share must never be emptied.
  redis = await startPrivateRedis();
  judge = await startJudge();
  proxy = await startSlowHttpProxy({ delayMs: 500 });
  api = await startTestApi(database, {
    REDIS_URL: redis.url,
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    CHECK_CHUNK_SIZE: "5",
  });
  owner = await createTestAccount(database.prisma);
  worker = await startWorkerProcess({
    databaseUrl: database.url,
    redisUrl: redis.url,
    queuePrefix: api.queuePrefix,
    judge,
  });
}, 60_000);

afterAll(async () => {
  await stopWorkers([worker]);
  await api?.close();
  await redis?.stop();
  await proxy?.stop();
  await judge?.stop();
  await database?.drop();
});

describe("Redis restarted empty mid-job", () => {
  it("has the reconciler queue the lost chunks again, and the job completes with one result per item", async () => {
    const jobId = await submitCheckJob(
      api,
      owner.key,
      Array.from({ length: ITEMS }, (_, i) => proxy.line(`item${i}`)),
    );
    await waitForResults(database.url, jobId, 10);

    await redis.restartEmpty();
    const atRestart = await readCheckJobTally(database.url, jobId);
    expect(atRestart.itemsWithResult).toBeLessThan(ITEMS);

    expect(await waitForCompletion(database.url, jobId, 45_000)).toEqual(everyItemCheckedOnce(ITEMS));
    expect(worker?.logs.some((line) => line.message === "re-queued lost chunks")).toBe(true);
  }, 90_000);
});
