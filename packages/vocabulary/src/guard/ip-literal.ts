import { isIPv4, isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The canonical text of an IP literal (IPv6 compressed, lower case), or undefined when the text is
 * not exactly one. Zone ids and IPv4 forms other than dotted decimal are refused.
 */
export function canonicalIp(text: string): string | undefined {
  if (isIPv4(text)) return text;
  if (isIPv6(text) && !text.includes("%")) return ipaddr.IPv6.parse(text).toString();
  return undefined;
}

/** IPv4-mapped IPv6 peers (dual-stack sockets) read as the IPv4 address they are. */
export function unmapIp(text: string): string {
  if (!isIPv6(text)) return text;
  const parsed = ipaddr.IPv6.parse(text);
  return parsed.isIPv4MappedAddress() ? parsed.toIPv4Address().toString() : parsed.toString();
}
