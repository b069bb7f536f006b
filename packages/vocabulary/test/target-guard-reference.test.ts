import { createTargetGuard, guardedIpv4Ranges, guardedIpv6Ranges } from "@sieve/vocabulary";
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, it } from "vitest";

/**
 * An independent statement of the policy in ipaddr.js's range names: IPv4 is public when
 * ipaddr.js calls it `unicast` (Azure's metadata address aside, which it does not name); IPv6
 * when it is `unicast` inside 2000::/3, or an IPv4-mapped, well-known NAT64 or 6to4 form of a
 * public IPv4 address.
 */
const azureMetadata = ipaddr.parseCIDR("168.63.129.16/32");
const nat64 = ipaddr.parseCIDR("64:ff9b::/96");
const globalUnicast = ipaddr.parseCIDR("2000::/3");

const ipv4Of = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
const referenceIpv4 = (address: ipaddr.IPv4) =>
  address.range() === "unicast" && !address.match(azureMetadata);

function reference(text: string): boolean {
  const address = ipaddr.parse(text);
  if (address.kind() === "ipv4") return referenceIpv4(address as ipaddr.IPv4);
  const ipv6 = address as ipaddr.IPv6;
  const parts = ipv6.parts;
  switch (ipv6.range()) {
    case "ipv4Mapped":
      return referenceIpv4(ipv6.toIPv4Address());
    case "rfc6052":
      return ipv6.match(nat64) && referenceIpv4(ipv4Of(parts[6]!, parts[7]!));
    case "6to4":
      return referenceIpv4(ipv4Of(parts[1]!, parts[2]!));
    case "unicast":
      return ipv6.match(globalUnicast);
    default:
      return false;
  }
}

const toBig = (address: ipaddr.IPv4 | ipaddr.IPv6) =>
  address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
const fromBig = (value: bigint, bytes: number) => {
  const out: number[] = [];
  let rest = value;
  for (let index = 0; index < bytes; index++) {
    out.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return ipaddr.fromByteArray(out).toString();
};

/** Every boundary either side of the special ranges: ipaddr.js's, ours, and the IPv4 forms' prefixes. */
const specialRanges = [
  ...guardedIpv4Ranges,
  ...guardedIpv6Ranges,
  "2000::/3",
  "::/96",
  "::ffff:0:0/96",
  "::ffff:0:0:0/96",
  "64:ff9b::/96",
  "64:ff9b:1::/48",
  "100::/64",
  "2002::/16",
  "2001::/32",
  "2001:2::/48",
  "2001:3::/32",
  "2001:4:112::/48",
  "2001:10::/28",
  "2001:20::/28",
  "2001:30::/28",
  "2620:4f:8000::/48",
  "5f00::/16",
  "fc00::/7",
  "fe80::/10",
  "fec0::/10",
  "ff00::/8",
].map((text) => ipaddr.parseCIDR(text));

/** An address inside one special range, or just outside it; embedded IPv4 forms get random IPv4 tails. */
const nearSpecialRange = fc
  .record({
    range: fc.constantFrom(...specialRanges),
    offset: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
    edge: fc.constantFrom("inside", "below", "above"),
  })
  .map(({ range: [base, prefix], offset, edge }) => {
    const bits = base.kind() === "ipv4" ? 32 : 128;
    const size = 1n << BigInt(bits - prefix);
    const first = toBig(base);
    const max = (1n << BigInt(bits)) - 1n;
    const value = edge === "inside" ? first + (offset % size) : edge === "below" ? first - 1n : first + size;
    return fromBig(value < 0n ? 0n : value > max ? max : value, bits / 8);
  });

describe("target guard against a reference built on ipaddr.js's range names", () => {
  const guard = createTargetGuard({ allowCidrs: [], interfaceAddresses: [] });

  it("agrees on random IPv4 and IPv6 addresses, and on addresses at the edges of every special range", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.ipV4(), fc.ipV6(), nearSpecialRange),
        (address) => guard.allows(address) === reference(address),
      ),
      { numRuns: 20_000 },
    );
  });
});
