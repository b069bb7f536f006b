import type { Socket } from "node:net";
import { createProber, type Dial, dialTcp } from "@sieve/probe";
import { type FakeProxy, startFakeProxy } from "@sieve/test-support";
import { createTargetGuard } from "@sieve/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const guardedSamples: [string, string][] = [
  ["0.0.0.0", "this network"],
  ["0.1.2.3", "this network"],
  ["10.0.0.1", "private 10/8"],
  ["10.255.255.254", "private 10/8"],
  ["100.64.0.1", "CGNAT"],
  ["100.100.100.200", "Alibaba metadata (CGNAT)"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["168.63.129.16", "Azure metadata"],
  ["169.254.0.1", "link-local"],
  ["169.254.169.254", "cloud metadata"],
  ["172.16.0.1", "private 172.16/12"],
  ["172.31.255.254", "private 172.16/12"],
  ["192.0.0.192", "Oracle metadata (IETF assignments)"],
  ["192.0.2.10", "TEST-NET-1"],
  ["192.31.196.1", "AS112"],
  ["192.52.193.1", "AMT"],
  ["192.88.99.1", "6to4 relay"],
  ["192.168.1.1", "private 192.168/16"],
  ["192.175.48.1", "AS112"],
  ["198.18.0.1", "benchmarking"],
  ["198.19.255.254", "benchmarking"],
  ["198.51.100.7", "TEST-NET-2"],
  ["203.0.113.9", "TEST-NET-3"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["::", "IPv6 unspecified"],
  ["::1", "IPv6 loopback"],
  ["::127.0.0.1", "IPv4-compatible"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:10.1.2.3", "IPv4-mapped private"],
  ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
  ["::ffff:0:192.168.0.1", "IPv4-translated private"],
  ["64:ff9b::a00:1", "NAT64 of 10.0.0.1"],
  ["64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254"],
  ["64:ff9b:1::1", "local-use NAT64"],
  ["2002:7f00:1::1", "6to4 of 127.0.0.1"],
  ["2002:c0a8:101::1", "6to4 of 192.168.1.1"],
  ["100::1", "discard"],
  ["2001::1", "Teredo"],
  ["2001:2::1", "IPv6 benchmarking"],
  ["2001:db8::1", "IPv6 documentation"],
  ["3fff::1", "IPv6 documentation (3fff::/20)"],
  ["5f00::1", "SRv6"],
  ["fc00::1", "unique local"],
  ["fd00:ec2::254", "AWS IPv6 metadata"],
  ["fe80::1", "IPv6 link-local"],
  ["fec0::1", "site-local"],
  ["ff02::1", "IPv6 multicast"],
];

function observedDial() {
  const dialled: string[] = [];
  const dial: Dial = (host, port): Socket => {
    dialled.push(`${host}:${port}`);
    return dialTcp(host, port);
  };
  return { dial, dialled };
}

const judge = {
  httpUrl: "http://127.0.0.1:9/",
  httpsUrl: "https://127.0.0.1:9/",
  secret: "guard-test-secret-0123",
};
const timeouts = { connectMs: 1_000, handshakeMs: 1_000, totalMs: 2_000 };

describe("target guard", () => {
  it.each(guardedSamples)("blocks %s (%s) without opening a socket", async (host) => {
    const { dial, dialled } = observedDial();
    const prober = createProber({
      judge,
      timeouts,
      dial,
      guard: createTargetGuard({ allowCidrs: [] }),
      ownAddresses: [],
    });

    const result = await prober.probe({ host, port: 8080 }, { anonymity: true });

    expect(result).toMatchObject({
      status: "blocked",
      reason: "blocked_target",
      protocols: [],
      exit_ip: null,
    });
    expect(dialled).toEqual([]);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "100.128.0.1",
    "172.32.0.1",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
  ])("lets the public address %s through", (host) => {
    expect(createTargetGuard({ allowCidrs: [] }).allows(host)).toBe(true);
  });

  it("refuses anything that is not a plain IP literal", () => {
    const guard = createTargetGuard({ allowCidrs: ["0.0.0.0/0", "::/0"] });
    for (const host of ["localhost", "example.com", "127.1", "0x7f000001", "2130706433", "fe80::1%lo", ""]) {
      expect(guard.allows(host)).toBe(false);
    }
  });

  it("rejects an allowlist entry that is not a CIDR", () => {
    expect(() => createTargetGuard({ allowCidrs: ["127.0.0.1"] })).toThrow(/not a CIDR range/);
  });

  describe("with CHECK_ALLOW_CIDRS", () => {
    let listener: FakeProxy;
    beforeAll(async () => {
      listener = await startFakeProxy({ kind: "close" });
    });
    afterAll(() => listener.stop());

    it("dials exactly the allowed ranges", async () => {
      const { dial, dialled } = observedDial();
      const prober = createProber({
        judge,
        timeouts,
        dial,
        guard: createTargetGuard({ allowCidrs: ["127.0.0.0/8", "fd00:ec2::/32"] }),
        ownAddresses: [],
      });

      const allowed = await prober.probe({ host: "127.0.0.1", port: listener.port, protocol: "http" });
      const mapped = await prober.probe({ host: "::ffff:127.0.0.1", port: listener.port, protocol: "http" });
      const otherRange = await prober.probe({ host: "10.0.0.1", port: listener.port, protocol: "http" });
      const ipv6Loopback = await prober.probe({ host: "::1", port: listener.port, protocol: "http" });

      expect(allowed).toMatchObject({ status: "dead", reason: "reset" });
      expect(mapped).toMatchObject({ status: "dead", reason: "reset" });
      expect(otherRange).toMatchObject({ status: "blocked", reason: "blocked_target" });
      expect(ipv6Loopback).toMatchObject({ status: "blocked", reason: "blocked_target" });
      expect(dialled).toEqual([`127.0.0.1:${listener.port}`, `::ffff:127.0.0.1:${listener.port}`]);
      expect(createTargetGuard({ allowCidrs: ["fd00:ec2::/32"] }).allows("fd00:ec2::254")).toBe(true);
    });
  });
});
