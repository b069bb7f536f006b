import { createTargetGuard, interfaceAddresses, type TargetGuardOptions } from "@sieve/vocabulary";
import { describe, expect, it } from "vitest";

const everything = ["0.0.0.0/0", "::/0"];

describe("target guard: IPv6 outside global unicast", () => {
  const guard = createTargetGuard({ allowCidrs: [], interfaceAddresses: [] });

  it.each(["1::1", "4000::1", "8000::1", "c000::1", "e000::1", "f000::1", "::2", "::ffff:0:cb00:7109"])(
    "blocks %s",
    (host) => {
      expect(guard.allows(host)).toBe(false);
    },
  );

  it.each(["2001:4:112::1", "2001:20::1", "2001:30::1", "2620:4f:8000::1"])(
    "blocks the special range %s inside 2000::/3",
    (host) => {
      expect(guard.allows(host)).toBe(false);
    },
  );

  it.each(["2400:cb00::1", "2a00:1450::1", "3ffe::1", "2001:200::1"])(
    "allows the global unicast address %s (checked, never dialled)",
    (host) => {
      expect(guard.allows(host)).toBe(true);
    },
  );
});

describe("target guard: the checker's own addresses and CHECK_DENY_CIDRS", () => {
  // Each guard's verdict on each host: false is blocked, true is let through.
  it.each<[string, TargetGuardOptions, [string, boolean][]]>([
    [
      "never allows the checker's interface addresses, even when the allowlist covers everything",
      {
        allowCidrs: everything,
        interfaceAddresses: ["127.0.0.1", "::1", "192.0.2.2", "fd00::2", "fe80::fc:ff:fe00:1%eth0"],
      },
      [
        ["192.0.2.2", false],
        ["::ffff:192.0.2.2", false],
        ["fd00::2", false],
        ["fe80::fc:ff:fe00:1", false],
        ["192.0.2.3", true],
      ],
    ],
    [
      "refuses the addresses the judge saw, in every IPv6 form that leads to them",
      { allowCidrs: everything, ownAddresses: ["203.0.113.7", "2001:db8:1::7"], interfaceAddresses: [] },
      [
        ["203.0.113.7", false],
        ["::ffff:203.0.113.7", false],
        ["64:ff9b::cb00:7107", false],
        ["2002:cb00:7107::1", false],
        ["2001:db8:1::7", false],
        ["203.0.113.8", true],
      ],
    ],
    [
      "lets an explicit allowlist admit loopback, the one own address it may, so tests can dial it",
      { allowCidrs: ["127.0.0.0/8"], ownAddresses: ["127.0.0.1"], interfaceAddresses: ["127.0.0.1", "::1"] },
      [
        ["127.0.0.1", true],
        ["::1", false],
      ],
    ],
    [
      "keeps loopback out without an allowlist",
      { allowCidrs: [], interfaceAddresses: ["127.0.0.1"] },
      [["127.0.0.1", false]],
    ],
    [
      "refuses CHECK_DENY_CIDRS before the allowlist, and in public space the guard would let through",
      {
        allowCidrs: ["127.0.0.0/8"],
        denyCidrs: ["127.0.0.5/32", "2400:cb00::/32", "198.18.0.0/15"],
        interfaceAddresses: [],
      },
      [
        ["127.0.0.1", true],
        ["127.0.0.5", false],
        ["::ffff:127.0.0.5", false],
        ["2400:cb00::1", false],
        ["2400:cb01::1", true],
      ],
    ],
    [
      "matches IPv4 ranges to their edges, host bits in a range as written ignored",
      {
        allowCidrs: ["10.1.2.3/16", "192.0.2.128/25", "198.51.100.0/24"],
        denyCidrs: ["198.51.100.9/31", "10.1.0.0/24"],
        ownAddresses: ["10.1.200.7"],
        interfaceAddresses: [],
      },
      [
        ["10.1.1.0", true],
        ["10.1.255.255", true],
        ["10.0.255.255", false],
        ["10.2.0.0", false],
        ["10.1.0.255", false],
        ["10.1.200.7", false],
        ["192.0.2.127", false],
        ["192.0.2.128", true],
        ["192.0.2.255", true],
        ["198.51.100.7", true],
        ["198.51.100.8", false],
        ["198.51.100.9", false],
        ["198.51.100.10", true],
        ["0.0.0.0", false],
        ["0.255.255.255", false],
        ["255.255.255.255", false],
        ["010.1.1.1", false],
      ],
    ],
  ])("%s", (_behaviour, options, verdicts) => {
    const guard = createTargetGuard(options);
    for (const [host, allowed] of verdicts) expect(guard.allows(host), host).toBe(allowed);
  });

  it("reads the interfaces from the OS when not given", () => {
    const guard = createTargetGuard({ allowCidrs: everything });
    const ownNonLoopback = interfaceAddresses().filter((address) => !/^(127\.|::1$)/.test(address));

    expect(ownNonLoopback.length).toBeGreaterThan(0);
    for (const address of ownNonLoopback) expect(guard.allows(address), address).toBe(false);
  });

  it("describes its policy for the start-up log", () => {
    const guard = createTargetGuard({
      allowCidrs: ["127.0.0.0/8"],
      denyCidrs: ["203.0.113.0/24"],
      ownAddresses: ["198.51.100.4", "127.0.0.1"],
      interfaceAddresses: ["::ffff:192.0.2.2", "::1"],
    });

    expect(guard.policy).toEqual({
      guardedRanges: expect.any(Number),
      allow: ["127.0.0.0/8"],
      deny: ["203.0.113.0/24"],
      ownAddresses: ["192.0.2.2", "198.51.100.4"],
    });
    expect(guard.policy.guardedRanges).toBeGreaterThan(20);
  });
});
