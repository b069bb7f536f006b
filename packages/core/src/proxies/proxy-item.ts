import { formatHostPort } from "@sieve/vocabulary";

/** A proxy as the API serves it. */
export interface ProxyItem {
  proxy_norm: string;
  protocol: string;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: string | null;
}

export interface ProxyRow {
  id: string;
  host: string;
  port: number;
  protocol: string;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: Date | null;
}

export function toProxyItem(row: ProxyRow): ProxyItem {
  return {
    proxy_norm: formatHostPort(row.host, row.port),
    protocol: row.protocol,
    country: row.country,
    anonymity: row.anonymity,
    latency_ms: row.latency_ms,
    uptime_score: Math.round(row.uptime_score * 1000) / 1000,
    checked_at: row.checked_at?.toISOString() ?? null,
  };
}

/**
 * Each ProxyItem field as a SQL expression over a `proxies` row, written as `toProxyItem`
 * writes it, for exports PostgreSQL formats itself with COPY.
 */
export const proxyItemSql: Record<keyof ProxyItem, string> = {
  proxy_norm: "CASE WHEN strpos(host, ':') > 0 THEN '[' || host || ']:' || port ELSE host || ':' || port END",
  protocol: "protocol::text",
  country: "country::text",
  anonymity: "anonymity::text",
  latency_ms: "latency_ms",
  // trim_scale: JSON numbers print 1 and 0.5, not 1.000 and 0.500.
  uptime_score: "trim_scale(round(uptime_score::numeric, 3))",
  checked_at: `to_char(checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};
