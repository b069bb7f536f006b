import ipaddr from "ipaddr.js";

const toIpv4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 host an IPv6 form leads to, and whether the form is dialled as that host: an
 * IPv4-mapped literal is the same socket as its IPv4 form, and the well-known NAT64 prefix
 * (64:ff9b::/96) is translated to it by the network. The IPv4-compatible, IPv4-translated and
 * 6to4 forms carry one too, but are not that host's own address, so the guard only uses what they
 * carry to refuse, never to allow.
 */
export function carriedIpv4(address: ipaddr.IPv6): { ipv4: ipaddr.IPv4; sameHost: boolean } | undefined {
  const parts = address.parts;
  const zeros = (from: number, to: number) => parts.slice(from, to).every((part) => part === 0);
  const tail = () => toIpv4(parts[6]!, parts[7]!);
  if (zeros(0, 5) && parts[5] === 0xffff) return { ipv4: tail(), sameHost: true };
  if (parts[0] === 0x64 && parts[1] === 0xff9b && zeros(2, 6)) return { ipv4: tail(), sameHost: true };
  if (zeros(0, 4) && parts[4] === 0xffff && parts[5] === 0) return { ipv4: tail(), sameHost: false };
  if (zeros(0, 6) && (parts[6]! > 0 || parts[7]! > 1)) return { ipv4: tail(), sameHost: false };
  if (parts[0] === 0x2002) return { ipv4: toIpv4(parts[1]!, parts[2]!), sameHost: false };
  return undefined;
}
