import type { Database } from "@sieve/core";
import { createTestAccount } from "./accounts.ts";
import { startTestApi, type TestApi } from "./api-server.ts";
import { submitCheckJob } from "./check-job-submission.ts";
import { type CheckJobTally, everyItemCheckedOnce, readCheckJobTally } from "./check-job-tally.ts";
import { waitForCompletion, waitForResults } from "./check-job-waits.ts";
import { type RunningJudge, startJudge } from "./judge-server.ts";
import { type SlowHttpProxy, startSlowHttpProxy } from "./slow-http-proxy.ts";
import { startWorkerProcess, type WorkerProcess } from "./worker-process.ts";

/** Items of the fixture's job: at 500 ms each through the proxy, long enough to break something mid-way. */
export const MID_JOB_ITEMS = 60;

/** Where the stage's API and workers find their database and Redis: the ones the test breaks. */
export interface MidJobServices {
  /** The API's database. */
  database: Database;
  /** The same database, as the workers reach it. */
  databaseUrl: string;
  /** The API's and the workers' Redis (default the shared one). */
  redisUrl?: string;
}

export interface MidJobFixture {
  api: TestApi;
  judge: RunningJudge;
  proxy: SlowHttpProxy;
  /** The worker process the stage started with, when asked for one (`withWorker`). */
  worker: WorkerProcess | undefined;
  /** Submits the job and resolves with its id once some of its items have results. */
  startJob(): Promise<string>;
  /**
   * The story of every fault-in-mid-job test: starts the job, runs `fault` while it is mid-way,
   * and resolves with its tally just after the fault and once it has completed.
   */
  runThrough(fault: () => Promise<void>): Promise<{ afterFault: CheckJobTally; completed: CheckJobTally }>;
  /** The job's items, results and counts as they stand in the database. */
  tally(jobId: string): Promise<CheckJobTally>;
  /** The tally once the job has completed (within 45 s). */
  completion(jobId: string): Promise<CheckJobTally>;
  /** What the completed job's tally must be: each of its MID_JOB_ITEMS items checked once. */
  everyItemCheckedOnce: CheckJobTally;
  /** Starts a worker process serving the API's queues against the judge; `stop()` stops it first. */
  startWorker(): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

/**
 * The judge, a slow proxy, the API and an account, and with `withWorker` one worker process: the
 * stage of every fault-in-mid-job test.
 */
export async function startMidJobFixture(
  services: MidJobServices,
  options: { withWorker?: boolean } = {},
): Promise<MidJobFixture> {
  const { database, databaseUrl, redisUrl } = services;
  const judge = await startJudge();
  const proxy = await startSlowHttpProxy({ delayMs: 500 });
  const api = await startTestApi(database, {
    CHECK_ALLOW_CIDRS: "127.0.0.0/8",
    CHECK_CHUNK_SIZE: "5",
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  const owner = await createTestAccount(database.prisma);
  const workers: WorkerProcess[] = [];
  const startWorker = async () => {
    const worker = await startWorkerProcess({ databaseUrl, redisUrl, queuePrefix: api.queuePrefix, judge });
    workers.push(worker);
    return worker;
  };
  const fixture: MidJobFixture = {
    api,
    judge,
    proxy,
    worker: undefined,
    async startJob() {
      const lines = Array.from({ length: MID_JOB_ITEMS }, (_, i) => proxy.line(`item${i}`));
      const jobId = await submitCheckJob(api, owner.key, lines);
      await waitForResults(databaseUrl, jobId, 10);
      return jobId;
    },
    async runThrough(fault) {
      const jobId = await fixture.startJob();
      await fault();
      const afterFault = await fixture.tally(jobId);
      return { afterFault, completed: await fixture.completion(jobId) };
    },
    tally: (jobId) => readCheckJobTally(databaseUrl, jobId),
    completion: (jobId) => waitForCompletion(databaseUrl, jobId, 45_000),
    everyItemCheckedOnce: everyItemCheckedOnce(MID_JOB_ITEMS),
    startWorker,
    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await api.close();
      await proxy.stop();
      await judge.stop();
    },
  };
  if (options.withWorker) {
    try {
      fixture.worker = await startWorker();
    } catch (error) {
      await fixture.stop();
      throw error;
    }
  }
  return fixture;
}
