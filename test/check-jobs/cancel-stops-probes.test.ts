import { setTimeout as sleep } from "node:timers/promises";
import { test, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";

test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "50" });
// Probes that would wait far longer than the test, so only the cancel can end them.
test.override("workerOptions", { timeoutMs: 60_000 });

describe("cancelling a check job", () => {
  test("aborts its probes in flight, closing their sockets, and starts no new one", async ({
    hanging,
    ownerJobs,
  }) => {
    const lines = Array.from({ length: 500 }, (_, i) => `127.0.0.1:${hanging.port}:user${i}:pass`);
    const submitted = await ownerJobs.submit(lines);
    await waitFor(() => hanging.open() > 0, { what: "probes reaching the hanging proxy" });
    await sleep(1000);

    expect(await ownerJobs.cancel(submitted.job_id)).toEqual({
      job_id: submitted.job_id,
      status: "cancelled",
    });

    await sleep(1000);
    expect(hanging.open()).toBe(0);
    const connectionsAfterCancel = hanging.connections();
    await sleep(1000);
    expect(hanging.connections()).toBe(connectionsAfterCancel);
    expect(hanging.open()).toBe(0);

    const job = await ownerJobs.read(submitted.job_id);
    expect(job).toMatchObject({
      status: "cancelled",
      total: 500,
      done: 0,
      counts: { live: 0, dead: 0, blocked: 0, pending: 0, unchecked: 500 },
    });
  });

  test("stops the job on every worker of the fleet", async ({
    api,
    hanging,
    database,
    judge,
    ownerJobs,
    workerProcesses,
  }) => {
    // Two worker processes beside the one in this process, all three serving the API's queues.
    const longProbes = {
      PROBE_CONNECT_TIMEOUT_MS: "60000",
      PROBE_HANDSHAKE_TIMEOUT_MS: "60000",
      PROBE_TOTAL_TIMEOUT_MS: "60000",
      WORKER_PROBE_CONCURRENCY: "100",
    };
    await Promise.all(
      [1, 2].map(() =>
        workerProcesses.start({
          databaseUrl: database.url,
          queuePrefix: api.queuePrefix,
          judge,
          env: longProbes,
        }),
      ),
    );
    const lines = Array.from({ length: 500 }, (_, i) => `127.0.0.1:${hanging.port}:fleet${i}:pass`);
    const submitted = await ownerJobs.submit(lines);
    await waitFor(() => hanging.open() > 0, { what: "probes reaching the hanging proxy" });
    await sleep(1000);

    await ownerJobs.cancel(submitted.job_id);
    await sleep(1000);
    expect(hanging.open()).toBe(0);
    const connectionsAfterCancel = hanging.connections();
    await sleep(1000);
    expect(hanging.connections()).toBe(connectionsAfterCancel);
    const job = await ownerJobs.read(submitted.job_id);
    expect(job).toMatchObject({ status: "cancelled", done: 0, counts: { unchecked: 500 } });
  }, 60_000);
});
