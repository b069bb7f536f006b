import { z } from "zod";

/** Protocols a target may name; `socks4a` is SOCKS4 with the judge sent by name-field. */
export const ProxyProtocol = z.enum(["http", "https", "socks4", "socks4a", "socks5"]);
export type ProxyProtocol = z.infer<typeof ProxyProtocol>;

/** What auto-detection tries, all at once; the order is also the preference for `protocol`. */
export const detectableProtocols = [
  "http",
  "https",
  "socks5",
  "socks4",
] as const satisfies readonly ProxyProtocol[];
