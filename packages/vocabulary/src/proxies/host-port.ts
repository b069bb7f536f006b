import { isIPv6 } from "node:net";

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** An IPv4 or IPv6 literal in its normal form, or undefined for anything else (names, zone ids). */
export function normaliseHost(host: string): string | undefined {
  if (IPV4.test(host)) return host;
  // Zone ids (fe80::1%eth0) name an interface of the checker, not a proxy.
  if (isIPv6(host) && !host.includes("%")) return new URL(`http://[${host}]/`).hostname.slice(1, -1);
  return undefined;
}

/** `host:port`, with IPv6 hosts in brackets so the port stays unambiguous. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
