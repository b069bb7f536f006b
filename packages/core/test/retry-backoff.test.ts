import { jobCatalog } from "@sieve/core";
import { type BackoffOptions, Backoffs, type JobsOptions } from "bullmq";
import { describe, expect, it } from "vitest";

const retried = Object.entries(jobCatalog).filter(
  ([, entry]) => ((entry.options as JobsOptions).attempts ?? 1) > 1,
);

describe("retried jobs", () => {
  it("exist in the catalog", () => {
    expect(retried.map(([name]) => name)).toEqual(expect.arrayContaining(["checkChunk", "recheckBatch"]));
  });

  it.each(retried)(
    "%s backs off exponentially with jitter, so failures together do not retry together",
    (_name, entry) => {
      const backoff = (entry.options as { backoff: BackoffOptions }).backoff;
      // BullMQ's own calculation, as its workers run it, for the third attempt of 50 jobs.
      const delays = Array.from({ length: 50 }, () =>
        Backoffs.calculate(backoff, 3, new Error("failed"), {} as never),
      ) as number[];

      const ceiling = 4 * (backoff.delay ?? 0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(ceiling / 2);
      expect(new Set(delays).size).toBeGreaterThan(10);
    },
  );
});
