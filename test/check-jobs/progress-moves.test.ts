import { freePort, jsonBody, test, waitFor } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";

// One chunk, whose batch of 10 the quick results alone never fill.
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "50" });
test.override("workerOptions", { timeoutMs: 60_000 });

describe("a check job's progress", () => {
  test("moves as results arrive, not a batch or a chunk at a time", async ({
    api,
    owner,
    hanging,
    worker: _worker,
  }) => {
    const closed = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const lines = [
      ...closed.map((port) => `127.0.0.1:${port}`),
      ...Array.from({ length: 4 }, (_, i) => `127.0.0.1:${hanging.port}:user${i}:pass`),
    ];
    const submitted = await jsonBody(await submit(api, owner.key, { proxies_text: lines.join("\n") }));
    const job = await waitFor(
      async () => {
        const read = await jsonBody(await api.get(`/api/v1/api/jobs/${submitted.job_id}`, owner.key));
        return read.done === 6 ? read : undefined;
      },
      { what: "the refused ports counted while the hanging probes run" },
    );
    expect(job).toMatchObject({ status: "running", done: 6, counts: { dead: 6, pending: 4 } });
    // The hanging probes are still in flight: the six were written without waiting for them.
    expect(hanging.open()).toBeGreaterThan(0);
    await fetch(`${api.url}/api/v1/api/jobs/${submitted.job_id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${owner.key}` },
    });
  });
});
