import { type Dial, dialTcp } from "@sieve/probe";
import {
  type RunningProxy,
  type SlowHttpProxy,
  startFakeProxy,
  startMicrosocks,
  startSlowHttpProxy,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeFixture, startProbeFixture } from "./probe-fixture.ts";
import { stallLoop } from "./support/stall-loop.ts";

let fixture: ProbeFixture;
let slow: SlowHttpProxy;
let socks: RunningProxy;

beforeAll(async () => {
  fixture = await startProbeFixture();
  slow = await startSlowHttpProxy({ delayMs: 100 });
  socks = await startMicrosocks();
});

afterAll(async () => {
  await socks?.stop();
  await slow?.stop();
  await fixture?.stop();
});

describe("a probe whose deadline passes while the checker's event loop is stalled", () => {
  /** Dials as the prober does, then stalls the loop as the connection comes up, before the greeting is written. */
  const stallingDial =
    (stallMs: number): Dial =>
    (host, port) => {
      const socket = dialTcp(host, port);
      socket.once("connect", () => stallLoop(stallMs));
      return socket;
    };

  it.each([600, 1_500])(
    "reports a proxy that answers in time live after a %i ms stall, not dead",
    async (stallMs) => {
      // microsocks runs in a process of its own, so only this checker stalls; every 400 ms
      // deadline falls due while the greeting waits to be written.
      const prober = fixture.prober({
        timeouts: { connectMs: 400, handshakeMs: 400, totalMs: 400 },
        dial: stallingDial(stallMs),
      });

      const result = await prober.probe({ host: socks.host, port: socks.port, protocol: "socks5" });

      expect(result).toMatchObject({ status: "live", reason: null, protocols: ["socks5"] });
    },
  );

  it("still reports a proxy that never answers dead, once its own time is up", async () => {
    const silent = await startFakeProxy({ kind: "hang" });
    const prober = fixture.prober({
      timeouts: { connectMs: 400, handshakeMs: 150, totalMs: 150 },
      dial: stallingDial(600),
    });

    const result = await prober.probe({ host: silent.host, port: silent.port, protocol: "socks5" });
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
    // The proxy holds the request 100 ms, then asks the judge over loopback. A late callback's
    // figure comes from the kernel's clock, whose 4 ms tick may put it a little under the truth.
    expect(result.ttfb_ms).toBeGreaterThanOrEqual(95);
    expect(result.ttfb_ms).toBeLessThanOrEqual(110);
    expect(result.connect_ms).toBeLessThan(10);
  });
});
