import { formatHostPort } from "@sieve/vocabulary";
import { isoTimestamp } from "../timestamps.ts";

/** A proxy as the API serves it. */
export interface ProxyItem {
  proxy_norm: string;
  protocol: string;
  /** Every protocol that answered the last successful check. */
  protocols: string[];
  /** Whether the proxy tunnels CONNECT to TLS: `https` answered. */
  https: boolean;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: string | null;
  /** The address the judge saw the request come from. */
  exit_ip: string | null;
  /** The exit address's autonomous system and organisation, from the offline ASN database. */
  asn: number | null;
  org: string | null;
  last_success_at: string | null;
  /** How many checks have been stored for the proxy, successful or not. */
  checks: number;
  /** Every one of the operator's default targets passed through the proxy; null: none were set. */
  targets_ok: boolean | null;
}

export interface ProxyRow {
  id: string;
  host: string;
  port: number;
  protocol: string;
  protocols: string[] | null;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: Date | null;
  exit_ip: string | null;
  /** bigint: node-postgres reads it as a string. */
  asn: string | number | null;
  org: string | null;
  last_success_at: Date | null;
  checks: number;
  targets_ok: boolean | null;
}

/** Whether a row's answered protocols include an http proxy's CONNECT to TLS. */
function tunnelsTls(protocol: string, protocols: readonly string[]): boolean {
  return protocol === "https" || protocols.includes("https");
}

export function toProxyItem(row: ProxyRow): ProxyItem {
  const protocols = row.protocols ?? [];
  return {
    proxy_norm: formatHostPort(row.host, row.port),
    protocol: row.protocol,
    protocols,
    https: tunnelsTls(row.protocol, protocols),
    country: row.country,
    anonymity: row.anonymity,
    latency_ms: row.latency_ms,
    uptime_score: Math.round(row.uptime_score * 1000) / 1000,
    checked_at: isoTimestamp(row.checked_at),
    exit_ip: row.exit_ip,
    asn: row.asn === null ? null : Number(row.asn),
    org: row.org,
    last_success_at: isoTimestamp(row.last_success_at),
    checks: row.checks,
    targets_ok: row.targets_ok,
  };
}

const isoTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Each ProxyItem field as a SQL expression over a `proxies` row, written as `toProxyItem`
 * writes it, for the pages and exports PostgreSQL formats itself.
 */
export const proxyItemSql: Record<keyof ProxyItem, string> = {
  proxy_norm: "CASE WHEN strpos(host, ':') > 0 THEN '[' || host || ']:' || port ELSE host || ':' || port END",
  protocol: "protocol::text",
  protocols: "coalesce(protocols::text[], '{}')",
  https: "(protocol = 'https' OR 'https' = ANY(coalesce(protocols, '{}')))",
  country: "country::text",
  anonymity: "anonymity::text",
  latency_ms: "latency_ms",
  // trim_scale: JSON numbers print 1 and 0.5, not 1.000 and 0.500.
  uptime_score: "trim_scale(round(uptime_score::numeric, 3))",
  checked_at: isoTime("checked_at"),
  exit_ip: "exit_ip",
  asn: "asn",
  org: "org",
  last_success_at: isoTime("last_success_at"),
  checks: "checks",
  targets_ok: "targets_ok",
};
