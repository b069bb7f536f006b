import ipaddr from "ipaddr.js";
import { invalidRequest } from "../errors.ts";
import { carriedIpv4 } from "./carried-ipv4.ts";
import { guardedIpv4Ranges, guardedIpv6Ranges, ipv6GlobalUnicast } from "./guarded-ranges.ts";
import { interfaceAddresses } from "./interface-addresses.ts";
import { canonicalIp, unmapIp } from "./ip-literal.ts";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** What a guard enforces, for an app to log once at start. */
export interface GuardPolicy {
  /** Built-in guarded ranges, IPv6 space outside 2000::/3 counted as one. */
  guardedRanges: number;
  allow: string[];
  deny: string[];
  /** The checker's own addresses, refused whatever the allowlist says (loopback aside). */
  ownAddresses: string[];
}

export interface TargetGuard {
  /** Whether a probe may open a socket to this IP literal. */
  allows(address: string): boolean;
  readonly policy: GuardPolicy;
}

export interface TargetGuardOptions {
  /** CHECK_ALLOW_CIDRS: guarded ranges that may still be dialled. */
  allowCidrs: readonly string[];
  /** CHECK_DENY_CIDRS: the operator's own infrastructure, never dialled. */
  denyCidrs?: readonly string[];
  /** Addresses the judge saw this checker come from. */
  ownAddresses?: readonly string[];
  /** This machine's interface addresses; read from the OS when not given. */
  interfaceAddresses?: readonly string[];
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
const globalUnicast = parseCidr(ipv6GlobalUnicast);
const loopback = [parseCidr("127.0.0.0/8"), parseCidr("::1/128")];

const inAny = (address: Address, ranges: readonly Cidr[]) =>
  ranges.some((range) => address.kind() === range[0].kind() && address.match(range));

/** IPv4 CIDRs as [first, last] integers: a list of 100,000 lines is guarded without ipaddr.js parsing each. */
type Ipv4Span = readonly [number, number];

function ipv4Spans(ranges: readonly Cidr[]): Ipv4Span[] {
  return ranges
    .filter((range) => range[0].kind() === "ipv4")
    .map(([address, bits]) => {
      const value = ipv4Value((address as ipaddr.IPv4).octets);
      const hostBits = 2 ** (32 - bits);
      const first = value - (value % hostBits);
      return [first, first + hostBits - 1] as const;
    });
}

const ipv4Value = (octets: readonly number[]) =>
  ((octets[0]! * 256 + octets[1]!) * 256 + octets[2]!) * 256 + octets[3]!;

// Dotted decimal exactly as `isIPv4` accepts it (no leading zeros, each octet at most 255).
const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4_TEXT = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** The address as an integer when the text is an IPv4 literal, else undefined. */
function ipv4TextValue(text: string): number | undefined {
  const octets = IPV4_TEXT.exec(text);
  return octets
    ? ipv4Value([Number(octets[1]), Number(octets[2]), Number(octets[3]), Number(octets[4])])
    : undefined;
}

const inSpans = (value: number, spans: readonly Ipv4Span[]) =>
  spans.some(([first, last]) => value >= first && value <= last);

function isPublic(address: Address): boolean {
  if (address.kind() === "ipv4") return !inAny(address, ipv4Guarded);
  const ipv6 = address as ipaddr.IPv6;
  const carried = carriedIpv4(ipv6);
  if (carried?.sameHost) return isPublic(carried.ipv4);
  if (!ipv6.match(globalUnicast) || inAny(ipv6, ipv6Guarded)) return false;
  // 6to4 is inside 2000::/3 but leads to the IPv4 host it carries.
  return carried === undefined || isPublic(carried.ipv4);
}

/**
 * In order: anything but a plain IP literal is refused; then CHECK_DENY_CIDRS and the checker's own
 * addresses (interfaces and what the judge saw), in any IPv6 form that carries them, are refused
 * even when the allowlist covers them; then CHECK_ALLOW_CIDRS admits; then the guarded ranges are
 * refused and the rest is allowed. Loopback is the one own address the allowlist may admit, so
 * tests can allow 127.0.0.0/8: it is guarded anyway unless allowed explicitly.
 */
export function createTargetGuard(options: TargetGuardOptions): TargetGuard {
  const allowed = options.allowCidrs.map(parseCidr);
  const denied = (options.denyCidrs ?? []).map(parseCidr);
  const own = new Set<string>();
  for (const text of [
    ...(options.ownAddresses ?? []),
    ...(options.interfaceAddresses ?? interfaceAddresses()),
  ]) {
    const canonical = canonicalIp(text.split("%")[0]!);
    if (canonical === undefined) continue;
    const address = ipaddr.parse(unmapIp(canonical));
    if (!inAny(address, loopback)) own.add(address.toString());
  }
  const refused = (address: Address) => inAny(address, denied) || own.has(address.toString());
  // For IPv4 text the checks below come down to these: an IPv4 address matches IPv4 ranges only,
  // carries nothing, and its canonical text is itself.
  const deniedV4 = ipv4Spans(denied);
  const allowedV4 = ipv4Spans(allowed);
  const guardedV4 = ipv4Spans(ipv4Guarded);
  return {
    allows(text) {
      const value = ipv4TextValue(text);
      if (value !== undefined) {
        if (inSpans(value, deniedV4) || own.has(text)) return false;
        return inSpans(value, allowedV4) || !inSpans(value, guardedV4);
      }
      const canonical = canonicalIp(text);
      if (canonical === undefined) return false;
      const address = ipaddr.parse(canonical);
      const carried = address.kind() === "ipv6" ? carriedIpv4(address as ipaddr.IPv6) : undefined;
      if (refused(address) || (carried !== undefined && refused(carried.ipv4))) return false;
      // An IPv4-mapped literal is the same socket destination as its IPv4 form.
      const mapped =
        address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
          ? carried?.ipv4
          : undefined;
      if (inAny(address, allowed) || (mapped !== undefined && inAny(mapped, allowed))) return true;
      return isPublic(address);
    },
    policy: {
      guardedRanges: guardedIpv4Ranges.length + guardedIpv6Ranges.length + 1,
      allow: [...options.allowCidrs],
      deny: [...(options.denyCidrs ?? [])],
      ownAddresses: [...own].sort(),
    },
  };
}
