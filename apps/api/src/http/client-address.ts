import { isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The key a client's address is limited under: an IPv4 address as it is, an IPv6 address by its
 * /64, since one host or one home network is routinely given a whole /64 to pick addresses from.
 */
export function addressGroup(address: string | undefined): string {
  if (!address) return "unknown";
  if (!isIPv6(address)) return address;
  const parsed = ipaddr.IPv6.parse(address);
  if (parsed.isIPv4MappedAddress()) return parsed.toIPv4Address().toString();
  return `${parsed.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(":")}::/64`;
}
