import { describe, expect, it } from "vitest";
import { type ClaimedProxy, type ListProbeResult, recheckResult } from "../src/verified-list/index.ts";

const MINUTE = 60_000;
const settings = {
  policy: {
    liveIntervalMs: 10 * MINUTE,
    retryMs: 5 * MINUTE,
    deadIntervalMs: 1440 * MINUTE,
    retireAfterMs: 7 * 1440 * MINUTE,
  },
  halfLifeMs: 1440 * MINUTE,
};
const now = new Date("2026-06-10T08:00:00Z");
const claimed: ClaimedProxy = {
  id: "1",
  pool: "public",
  host: "203.0.113.7",
  port: 1080,
  protocol: "socks5",
  detectProtocol: false,
  uptimeSuccesses: 0,
  uptimeWeight: 0,
  checkedAt: null,
  consecutiveFailures: 0,
  firstSeenAt: now,
  lastSuccessAt: null,
  credentials: null,
};
const live: ListProbeResult = {
  status: "live",
  protocol: "socks4a",
  connect_ms: 41.6,
  exit_ip: "198.51.100.9",
  country: "DE",
  anonymity: "elite",
};

describe("the stored outcome of a list check", () => {
  it("keeps the connect latency the max_latency_ms filter is documented to bound", () => {
    expect(recheckResult(claimed, live, settings, now)).toMatchObject({
      alive: true,
      latencyMs: 42,
      protocol: "socks4",
      exitIp: "198.51.100.9",
      country: "DE",
      anonymity: "elite",
    });
  });
});

describe("the answered protocols and network of a list check", () => {
  it("stores each answered protocol once, as the list names it, with the exit's network", () => {
    const probed: ListProbeResult = {
      ...live,
      protocol: "http",
      protocols: ["http", "https", "socks4a", "socks4"],
      asn: 64500,
      org: "Example Transit, Inc.",
    };

    expect(recheckResult(claimed, probed, settings, now)).toMatchObject({
      protocols: ["http", "https", "socks4"],
      asn: 64500,
      org: "Example Transit, Inc.",
    });
  });

  it("falls back to the one protocol a probe without a list reports, and to no network", () => {
    expect(recheckResult(claimed, live, settings, now)).toMatchObject({
      protocols: ["socks4"],
      asn: null,
      org: null,
    });
    expect(
      recheckResult(claimed, { ...live, status: "dead", protocol: null, protocols: [] }, settings, now),
    ).toMatchObject({ alive: false, protocols: [] });
  });
});

describe("the default targets of a list check", () => {
  it("stores whether every target passed through a live proxy, and null when none were requested", () => {
    const passed = { url: "http://192.0.2.1/", ok: true, status: 200, ms: 12 };
    const failed = { ...passed, ok: false, error: "expect_text not found in the answer" };

    expect(recheckResult(claimed, { ...live, targets: [passed, passed] }, settings, now).targetsOk).toBe(
      true,
    );
    expect(recheckResult(claimed, { ...live, targets: [passed, failed] }, settings, now).targetsOk).toBe(
      false,
    );
    expect(recheckResult(claimed, live, settings, now).targetsOk).toBeNull();
    const dead = { ...live, status: "dead" as const, protocol: null, targets: [] };
    expect(recheckResult(claimed, dead, settings, now).targetsOk).toBeNull();
  });
});
