import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { submitCheckJob } from "../support/check-job-submission.ts";
import { everyItemCheckedOnce, waitForCompletion } from "../support/check-job-tally.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type SlowHttpProxy, startSlowHttpProxy } from "../support/slow-http-proxy.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

const ITEMS = 300;

let database: PrivateDatabase;
let api: TestApi;
let owner: TestAccount;
let proxy: SlowHttpProxy;
// One judge per worker: the judge port in each probe request tells which worker sent it.
let judges: RunningJudge[] = [];
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  database = await createPrivateDatabase();
  proxy = await startSlowHttpProxy({ delayMs: 300 });
  judges = await Promise.all([startJudge(), startJudge(), startJudge()]);
  api = await startTestApi(database, { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "5" });
  owner = await createTestAccount(database.prisma);
  workers = await Promise.all(
    judges.map((judge) =>
      startWorkerProcess({ databaseUrl: database.url, queuePrefix: api.queuePrefix, judge }),
    ),
  );
}, 90_000);

afterAll(async () => {
  await stopWorkers(workers);
  await api?.close();
  await proxy?.stop();
  await Promise.all(judges.map((judge) => judge.stop()));
  await database?.drop();
});

describe("three worker processes on one job", () => {
  it("check every item exactly once, each doing part of the work", async () => {
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
