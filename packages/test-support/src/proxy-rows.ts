import type pg from "pg";

type SeedProtocol = "http" | "https" | "socks4" | "socks5";

export interface ProxyRowSeed {
  host: string;
  port: number;
  protocol?: SeedProtocol;
  pool?: "public" | "premium";
  alive?: boolean;
  country?: string | null;
  anonymity?: "transparent" | "anonymous" | "elite" | null;
  latencyMs?: number | null;
  uptimeScore?: number;
  checkedMinutesAgo?: number;
  /** Every protocol that answered; defaults to `protocol` alone. */
  protocols?: SeedProtocol[];
  exitIp?: string | null;
  asn?: number | null;
  org?: string | null;
  /** Unset: the last success was the last check. */
  lastSuccessMinutesAgo?: number | null;
  checks?: number;
}

/** Inserts proxies as a finished check would have left them. */
export async function insertProxies(pool: pg.Pool, rows: ProxyRowSeed[]): Promise<void> {
  for (const row of rows) {
    const protocol = row.protocol ?? "http";
    const checkedMinutesAgo = row.checkedMinutesAgo ?? 1;
    const lastSuccessMinutesAgo =
      row.lastSuccessMinutesAgo === undefined ? checkedMinutesAgo : row.lastSuccessMinutesAgo;
    await pool.query(
      `INSERT INTO proxies (host, port, protocol, pool, alive, country, anonymity, latency_ms, uptime_score, checked_at,
                            protocols, exit_ip, asn, org, last_success_at, checks, exit_differs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() - make_interval(mins => $10),
               $11::proxy_protocol[], $12, $13, $14,
               CASE WHEN $15::int IS NULL THEN NULL ELSE now() - make_interval(mins => $15::int) END, $16,
               -- As a check writes it.
               coalesce($12 <> $1, false))`,
      [
        row.host,
        row.port,
        protocol,
        row.pool ?? "public",
        row.alive ?? true,
        row.country ?? null,
        row.anonymity ?? null,
        row.latencyMs ?? null,
        row.uptimeScore ?? 1,
        checkedMinutesAgo,
        row.protocols ?? [protocol],
        row.exitIp ?? null,
        row.asn ?? null,
        row.org ?? null,
        lastSuccessMinutesAgo,
        row.checks ?? 1,
      ],
    );
  }
}
