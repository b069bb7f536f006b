import { canonicalIp, unmapIp } from "@sieve/vocabulary";
import type { Anonymity } from "./probe-result.ts";

/** Headers that only a proxy adds, each revealing that one is in the path. */
export const proxyRevealingHeaders: ReadonlySet<string> = new Set([
  "via",
  "forwarded",
  "forwarded-for",
  "x-forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-forwarded-server",
  "x-real-ip",
  "client-ip",
  "x-client-ip",
  "true-client-ip",
  "x-cluster-client-ip",
  "x-originating-ip",
  "x-remote-ip",
  "x-remote-addr",
  "proxy-client-ip",
  "wl-proxy-client-ip",
  "x-proxyuser-ip",
  "proxy-connection",
  "x-proxy-id",
  "x-proxy-connection",
  "x-bluecoat-via",
  "x-via",
  "x-coming-from",
  "coming-from",
  "x-tinyproxy",
  "xroxy-connection",
  "cache-info",
]);

export interface AnonymityVerdict {
  anonymity: Anonymity;
  /** Lower-case names of the headers that decided it; empty for elite. */
  evidence: string[];
}

/** Every IP address written in a header value, canonical, with ports and brackets stripped. */
function addressesIn(value: string): string[] {
  const found: string[] = [];
  for (const token of value.split(/[^0-9A-Fa-f.:]+/)) {
    if (token === "") continue;
    const withoutPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(token)?.[1] ?? token;
    const canonical = canonicalIp(withoutPort);
    if (canonical !== undefined) found.push(unmapIp(canonical));
  }
  return found;
}

/**
 * Transparent when any header carries one of the checker's own addresses, anonymous when a
 * proxy-revealing header is present, elite otherwise.
 */
export function classifyAnonymity(
  headers: readonly (readonly [string, string])[],
  ownAddresses: readonly string[],
): AnonymityVerdict {
  const own = new Set(ownAddresses.map((address) => unmapIp(canonicalIp(address) ?? address)));
  const leaking = new Set<string>();
  const revealing = new Set<string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    // Host names the judge, which may share an address with the checker in small setups.
    if (lower !== "host" && addressesIn(value).some((address) => own.has(address))) leaking.add(lower);
    if (proxyRevealingHeaders.has(lower)) revealing.add(lower);
  }
  if (leaking.size > 0) return { anonymity: "transparent", evidence: [...leaking] };
  if (revealing.size > 0) return { anonymity: "anonymous", evidence: [...revealing] };
  return { anonymity: "elite", evidence: [] };
}
