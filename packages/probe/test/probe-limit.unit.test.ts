import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createProbeLimit } from "@sieve/probe";
import { describe, expect, it } from "vitest";

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // holds the loop, as a probe's callbacks do when thousands arrive together
  }
}

describe("the probe limit", () => {
  it("never lets more than max in flight, and runs everything", async () => {
    const limit = createProbeLimit({ max: 5 });
    let inFlight = 0;
    let peak = 0;

    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        limit(async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await sleep(5);
          inFlight -= 1;
          return index;
        }),
      ),
    );

    expect(peak).toBe(5);
    expect(results).toEqual(Array.from({ length: 40 }, (_, index) => index));
    expect(limit.inFlight).toBe(0);
  });

  it("lets fewer probes in while the event loop lags", async () => {
    const limit = createProbeLimit({ max: 2_000, lagBoundMs: 10, adjustEveryMs: 50 });
    // Holds the loop 40 ms of every 45: every turn is late, far over the bound.
    const hog = setInterval(() => busy(40), 5);
    const work = Array.from({ length: 20_000 }, () => limit(() => sleep(5)));
    await sleep(800);
    const underLag = limit.limit;
    clearInterval(hog);
    await Promise.all(work);

    expect(underLag).toBeLessThan(2_000);
    expect(underLag).toBeGreaterThanOrEqual(20);
  });
});
