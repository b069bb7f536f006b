import ipaddr from "ipaddr.js";
import { invalidRequest } from "../errors.ts";
import { guardedIpv4Ranges, guardedIpv6Ranges } from "./guarded-ranges.ts";
import { canonicalIp } from "./ip-literal.ts";

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface TargetGuard {
  /** Whether a probe may open a socket to this IP literal. */
  allows(address: string): boolean;
}

export function parseCidr(text: string): Cidr {
  try {
    return ipaddr.parseCIDR(text);
  } catch {
    throw invalidRequest(`"${text}" is not a CIDR range (e.g. 127.0.0.0/8 or ::1/128)`);
  }
}

const ipv4Guarded = guardedIpv4Ranges.map(parseCidr);
const ipv6Guarded = guardedIpv6Ranges.map(parseCidr);

const inAny = (address: ipaddr.IPv4 | ipaddr.IPv6, ranges: readonly Cidr[]) =>
  ranges.some((range) => address.kind() === range[0].kind() && address.match(range));

/** The IPv4 address an IPv6 form carries to: mapped, IPv4-translated, NAT64 (64:ff9b::/96), 6to4. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const tail = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeros = (from: number, to: number) => parts.slice(from, to).every((part) => part === 0);
  if (zeros(0, 5) && parts[5] === 0xffff) return tail(parts[6]!, parts[7]!);
  if (zeros(0, 4) && parts[4] === 0xffff && parts[5] === 0) return tail(parts[6]!, parts[7]!);
  if (parts[0] === 0x64 && parts[1] === 0xff9b && zeros(2, 6)) return tail(parts[6]!, parts[7]!);
  if (parts[0] === 0x2002) return tail(parts[1]!, parts[2]!);
  return undefined;
}

function isGuarded(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() === "ipv4") return inAny(address, ipv4Guarded);
  const ipv6 = address as ipaddr.IPv6;
  const carried = embeddedIpv4(ipv6);
  if (carried !== undefined && inAny(carried, ipv4Guarded)) return true;
  return inAny(ipv6, ipv6Guarded);
}

/**
 * Blocks every guarded range except those in `allowCidrs`, and anything not a plain IP literal. An IPv4-mapped IPv6 literal is the
 * same socket destination as its IPv4 form, so an allowed IPv4 range lets it through too.
 */
export function createTargetGuard(options: { allowCidrs: readonly string[] }): TargetGuard {
  const allowed = options.allowCidrs.map(parseCidr);
  return {
    allows(text) {
      const canonical = canonicalIp(text);
      if (canonical === undefined) return false;
      const address = ipaddr.parse(canonical);
      const direct =
        address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
          ? (address as ipaddr.IPv6).toIPv4Address()
          : address;
      if (inAny(address, allowed) || inAny(direct, allowed)) return true;
      return !isGuarded(address);
    },
  };
}
