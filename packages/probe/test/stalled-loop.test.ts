import { performance } from "node:perf_hooks";
import { type SlowHttpProxy, startSlowHttpProxy } from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeFixture, startProbeFixture } from "./probe-fixture.ts";

let fixture: ProbeFixture;
let slow: SlowHttpProxy;

beforeAll(async () => {
  fixture = await startProbeFixture();
  slow = await startSlowHttpProxy({ delayMs: 100 });
});

afterAll(async () => {
  await slow?.stop();
  await fixture?.stop();
});

/** Holds the event loop, as a checker drowning in its own callbacks does. */
function stallLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: no timer, no socket is served meanwhile
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a probe whose deadline passes while the checker's event loop is stalled", () => {
  it.each([600, 1_500])(
    "reports a proxy that answered in time live after a %i ms stall, not dead",
    async (stallMs) => {
      // The proxy answers 100 ms after the request, well within the 400 ms deadline; the loop
      // stalls from 30 ms in, so every deadline falls due while nothing is read.
      const prober = fixture.prober({ timeouts: { connectMs: 400, handshakeMs: 400, totalMs: 400 } });

      const probing = prober.probe({ host: slow.host, port: slow.port, protocol: "http" });
      await sleep(30);
      stallLoop(stallMs);
      const result = await probing;

      expect(result).toMatchObject({ status: "live", reason: null, protocols: ["http"] });
    },
  );

  it("still reports a proxy that never answers dead, once its own time is up", async () => {
    const prober = fixture.prober({ timeouts: { connectMs: 400, handshakeMs: 150, totalMs: 150 } });
    const silent = await startSlowHttpProxy({ delayMs: 60_000 });

    const probing = prober.probe({ host: silent.host, port: silent.port, protocol: "http" });
    await sleep(30);
    stallLoop(600);
    const result = await probing;
    await silent.stop();

    expect(result).toMatchObject({ status: "dead", reason: "timeout" });
  });
});

describe("latency figures", () => {
  // The figure at 5,000 in flight is the probe benchmark's (the fake and the judge live in this
  // process here, so under load their own lag would count).
  it("reports the time-to-first-byte of a proxy answering exactly 100 ms late within 10 ms", async () => {
    const result = await fixture.prober().probe({ host: slow.host, port: slow.port, protocol: "http" });

    expect(result.status).toBe("live");
    // The proxy holds the request 100 ms, then asks the judge over loopback.
    expect(result.ttfb_ms).toBeGreaterThanOrEqual(100);
    expect(result.ttfb_ms).toBeLessThanOrEqual(110);
    expect(result.connect_ms).toBeLessThan(10);
  });
});
