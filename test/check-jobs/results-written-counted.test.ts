import {
  everyItemCheckedOnce,
  freePort,
  resultsWrittenBy,
  test as sieveTest,
  slowProxyFixture,
  startWorkerProcess,
  submitCheckJob,
  waitFor,
  waitForCompletion,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

const ITEMS = 40;

const test = sieveTest.extend("proxy", { scope: "file" }, slowProxyFixture(200));
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "20" });

describe("a worker's count of results written", () => {
  // Probes of one chunk that finish together each start a write of their batch; the chunk's count
  // once lost the writes that overlapped (`stored += await …` reads `stored` before awaiting).
  test("counts every result when a chunk's writes overlap", async ({
    api,
    owner,
    proxy,
    judge,
    database,
  }) => {
    const metricsPort = await freePort();
    const worker = await startWorkerProcess({
      databaseUrl: database.url,
      queuePrefix: api.queuePrefix,
      judge,
      env: {
        METRICS_PORT: String(metricsPort),
        WORKER_CHUNK_CONCURRENCY: "1",
        WORKER_PROBE_CONCURRENCY: "10",
        WORKER_RESULT_BATCH: "1",
      },
    });
    try {
      const names = Array.from({ length: ITEMS }, (_, i) => `written${i}`);
      const jobId = await submitCheckJob(api, owner.key, names.map(proxy.line));
      expect(await waitForCompletion(database.url, jobId, 30_000)).toEqual(everyItemCheckedOnce(ITEMS));
      const url = `http://127.0.0.1:${metricsPort}/metrics`;
      // The counter moves when a chunk's task returns, a moment after its last write.
      await waitFor(async () => (await resultsWrittenBy(url)) >= ITEMS, {
        timeout: 5_000,
        what: `${ITEMS} results counted`,
      });
      expect(await resultsWrittenBy(url)).toBe(ITEMS);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
