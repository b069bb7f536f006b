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

  it("does not let probes waiting on silent proxies hold the lagging loop's slots", async () => {
    const limit = createProbeLimit({ max: 200, lagBoundMs: 10, adjustEveryMs: 50 });
    const hog = setInterval(() => busy(40), 5);
    try {
      await Promise.all(Array.from({ length: 4_000 }, () => limit(() => sleep(5))));
      expect(limit.limit).toBeLessThan(40);

      // Hanging proxies first, then live ones: the live ones go in once the hanging ones have
      // been silent for a while, not once they time out.
      const ended: string[] = [];
      const hanging = Array.from({ length: 2 * limit.limit }, () =>
        limit(async () => {
          await sleep(3_000);
          ended.push("hanging");
        }),
      );
      const live = Array.from({ length: 50 }, () =>
        limit(async () => {
          await sleep(5);
          ended.push("live");
        }),
      );
      await Promise.all([...hanging, ...live]);
      expect(ended.slice(0, 50)).toEqual(Array(50).fill("live"));
      expect(limit.inFlight).toBe(0);
    } finally {
      clearInterval(hog);
    }
  });
});
