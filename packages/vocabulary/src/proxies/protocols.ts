import { z } from "zod";

/**
 * The protocols a list serves and a database row stores. SOCKS4a is not among them: it is SOCKS4
 * with the destination sent by name, so a socks4a proxy is listed as socks4.
 */
export const proxyProtocols = ["http", "https", "socks4", "socks5"] as const;
export type ProxyProtocolName = (typeof proxyProtocols)[number];

/** Protocols a probe may speak: the listed ones and SOCKS4a. */
export const ProxyProtocol = z.enum(["http", "https", "socks4", "socks4a", "socks5"]);
export type ProxyProtocol = z.infer<typeof ProxyProtocol>;

/** What auto-detection tries, all at once; the order is also the preference for `protocol`. */
export const detectableProtocols = [
  "http",
  "https",
  "socks5",
  "socks4",
] as const satisfies readonly ProxyProtocol[];

/** URL schemes users write for proxies, and the protocol a probe speaks for each. */
export const proxySchemes: Readonly<Record<string, ProxyProtocol>> = {
  http: "http",
  https: "https",
  socks4: "socks4",
  socks4a: "socks4a",
  socks5: "socks5",
  // socks5h only says the client resolves names through the proxy; for an IP literal it is SOCKS5.
  socks5h: "socks5",
};

/** The protocol a list serves for one a probe spoke: the one place socks4a becomes socks4. */
export function listedProtocol(protocol: ProxyProtocol): ProxyProtocolName;
export function listedProtocol(protocol: string | null): ProxyProtocolName | null;
export function listedProtocol(protocol: string | null): ProxyProtocolName | null {
  if (protocol === "socks4a") return "socks4";
  return (proxyProtocols as readonly string[]).includes(protocol ?? "")
    ? (protocol as ProxyProtocolName)
    : null;
}

/** The two lists Sieve serves: the verified public list and the premium pool. */
export const proxyPools = ["public", "premium"] as const;
export type ProxyPoolName = (typeof proxyPools)[number];
