import type { ProxyProtocol } from "./protocols.ts";
import type { ProxyLine } from "./proxy-line.ts";

/** One proxy to probe: an IP literal, a port, optional credentials and protocol. */
export interface ProxyTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  protocol?: ProxyProtocol;
}

/**
 * The probe target of a proxy line. Every path from a line to a probe (check jobs, the verified
 * list, the premium pool, the CLI) goes through here, so a `socks4a://` line speaks SOCKS4a everywhere.
 */
export function probeTargetOf(
  line: Pick<ProxyLine, "host" | "port" | "protocol" | "username" | "password">,
): ProxyTarget {
  const target: ProxyTarget = { host: line.host, port: line.port };
  if (line.username !== undefined) target.username = line.username;
  if (line.password !== undefined) target.password = line.password;
  if (line.protocol) target.protocol = line.protocol;
  return target;
}
