import { performance } from "node:perf_hooks";
import type { Prober } from "@sieve/probe";
import { type RunningProxy, startSquid, startTinyproxy } from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeFixture, startProbeFixture } from "./probe-fixture.ts";
import { type MixedPortProxy, startMixedPortProxy } from "./support/mixed-port-proxy.ts";

let fixture: ProbeFixture;
let prober: Prober;
const stoppers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  fixture = await startProbeFixture();
  prober = fixture.prober();
});

afterAll(async () => {
  await Promise.all(stoppers.map((stop) => stop()));
  await fixture?.stop();
});

async function mixed(socksDelayMs: number, http: "speak" | "reset" = "speak"): Promise<MixedPortProxy> {
  const proxy = await startMixedPortProxy({ socksDelayMs, http });
  stoppers.push(proxy.stop);
  return proxy;
}

async function httpProxy(start: () => Promise<RunningProxy>): Promise<RunningProxy> {
  const proxy = await start();
  stoppers.push(proxy.stop);
  return proxy;
}

describe("detecting the protocols of one port", () => {
  it("finds HTTP, SOCKS5 and SOCKS4 on a port that speaks all three", async () => {
    const proxy = await mixed(0);

    const result = await prober.probe({ host: proxy.host, port: proxy.port });

    expect(result).toMatchObject({
      status: "live",
      protocols: ["http", "socks5", "socks4"],
      protocol: "http",
    });
  });

  it("finds SOCKS5 and SOCKS4 on a port that resets an HTTP request: the reset is its answer", async () => {
    const proxy = await mixed(0, "reset");

    const result = await prober.probe({ host: proxy.host, port: proxy.port });

    expect(result).toMatchObject({ status: "live", protocols: ["socks5", "socks4"], protocol: "socks5" });
  });

  it("still finds SOCKS on a mixed port whose SOCKS replies come after its HTTP answer", async () => {
    // The SOCKS attempts are poked once the HTTP answer is in; the late SOCKS reply shows the poke
    // spoilt a real SOCKS exchange, and the attempt is run again untouched.
    const proxy = await mixed(300);

    const result = await prober.probe({ host: proxy.host, port: proxy.port });

    expect(result).toMatchObject({ status: "live", protocols: ["http", "socks5", "socks4"] });
    expect(proxy.connections().socks5).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["squid", () => startSquid({ anonymity: "elite" })],
    ["tinyproxy", () => startTinyproxy({ anonymity: "elite" })],
  ])(
    "settles %s's SOCKS attempts by poking them, before a grace for silent ones could end",
    async (_name, start) => {
      const proxy = await httpProxy(start);
      // A grace is at least 500 ms after the winner; the handshake timeout is far longer still.
      const patient = fixture.prober({ timeouts: { handshakeMs: 20_000, totalMs: 30_000 } });

      const began = performance.now();
      const result = await patient.probe({ host: proxy.host, port: proxy.port });
      const elapsedMs = performance.now() - began;

      expect(result).toMatchObject({ status: "live", protocols: ["http", "https"] });
      expect(elapsedMs).toBeLessThan(500);
    },
  );
});
