import type { ProxyLine } from "@sieve/core";
import type { ProxyProtocol } from "./proxy-protocol.ts";

/** One proxy to probe: an IP literal, a port, optional credentials and protocol. */
export interface ProxyTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  protocol?: ProxyProtocol;
}

/** The probe target of a parsed line; a `socks4a://` line is probed as SOCKS4a. */
export function proxyTargetFrom(line: ProxyLine): ProxyTarget {
  const target: ProxyTarget = { host: line.host, port: line.port };
  if (line.username !== undefined) target.username = line.username;
  if (line.password !== undefined) target.password = line.password;
  if (line.protocol) target.protocol = line.scheme === "socks4a" ? "socks4a" : line.protocol;
  return target;
}
