import type { Database } from "@sieve/core";
import { createTestAccount } from "./accounts.ts";
import { startTestApi, type TestApi } from "./api-server.ts";
import { submitCheckJob } from "./check-job-submission.ts";
import { waitForResults } from "./check-job-waits.ts";
import { type RunningJudge, startJudge } from "./judge-server.ts";
import { type SlowHttpProxy, startSlowHttpProxy } from "./slow-http-proxy.ts";
import { startWorkerProcess, type WorkerProcess } from "./worker-process.ts";

/** Items of the fixture's job: at 500 ms each through the proxy, long enough to break something mid-way. */
export const MID_JOB_ITEMS = 60;

export interface MidJobFixture {
  api: TestApi;
  judge: RunningJudge;
  proxy: SlowHttpProxy;
  /** Submits the job and resolves with its id once some of its items have results. */
  startJob(): Promise<string>;
  /** Starts a worker process serving the API's queues against the judge; `stop()` stops it first. */
  startWorker(urls: { databaseUrl: string; redisUrl?: string }): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

/** The judge, a slow proxy, the API and an account: the stage of every fault-in-mid-job test. */
export async function startMidJobFixture(
  database: Database,
  databaseUrl: string,
  apiEnv: Record<string, string> = {},
): Promise<MidJobFixture> {
  const judge = await startJudge();
  const proxy = await startSlowHttpProxy({ delayMs: 500 });
  const api = await startTestApi(database, {
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    CHECK_CHUNK_SIZE: "5",
    ...apiEnv,
  });
  const owner = await createTestAccount(database.prisma);
  const workers: WorkerProcess[] = [];
  return {
    api,
    judge,
    proxy,
    async startJob() {
      const lines = Array.from({ length: MID_JOB_ITEMS }, (_, i) => proxy.line(`item${i}`));
      const jobId = await submitCheckJob(api, owner.key, lines);
      await waitForResults(databaseUrl, jobId, 10);
      return jobId;
    },
    async startWorker(urls) {
      const worker = await startWorkerProcess({ ...urls, queuePrefix: api.queuePrefix, judge });
      workers.push(worker);
      return worker;
    },
    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await api.close();
      await proxy.stop();
      await judge.stop();
    },
  };
}
