import { freePort, test, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";

// One chunk, whose batch of 10 the quick results alone never fill.
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "50" });
test.override("workerOptions", { timeoutMs: 60_000 });

describe("a check job's progress", () => {
  test("moves as results arrive, not a batch or a chunk at a time", async ({ hanging, ownerJobs }) => {
    const closed = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const lines = [
      ...closed.map((port) => `127.0.0.1:${port}`),
      ...Array.from({ length: 4 }, (_, i) => `127.0.0.1:${hanging.port}:user${i}:pass`),
    ];
    const submitted = await ownerJobs.submit(lines);
    const job = await waitFor(
      async () => {
        const read = await ownerJobs.read(submitted.job_id);
        return read.done === 6 ? read : undefined;
      },
      { what: "the refused ports counted while the hanging probes run" },
    );
    expect(job).toMatchObject({ status: "running", done: 6, counts: { dead: 6, pending: 4 } });
    // The hanging probes are still in flight: the six were written without waiting for them.
    expect(hanging.open()).toBeGreaterThan(0);
    await ownerJobs.cancel(submitted.job_id);
  });
});
