import type pg from "pg";

export interface ProxyRowSeed {
  host: string;
  port: number;
  protocol?: "http" | "https" | "socks4" | "socks5";
  pool?: "public" | "premium";
  alive?: boolean;
  country?: string | null;
  anonymity?: "transparent" | "anonymous" | "elite" | null;
  latencyMs?: number | null;
  uptimeScore?: number;
  checkedMinutesAgo?: number;
}

/** Inserts proxies as a finished check would have left them. */
export async function insertProxies(pool: pg.Pool, rows: ProxyRowSeed[]): Promise<void> {
  for (const row of rows) {
    await pool.query(
      `INSERT INTO proxies (host, port, protocol, pool, alive, country, anonymity, latency_ms, uptime_score, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() - make_interval(mins => $10))`,
      [
        row.host,
        row.port,
        row.protocol ?? "http",
        row.pool ?? "public",
        row.alive ?? true,
        row.country ?? null,
        row.anonymity ?? null,
        row.latencyMs ?? null,
        row.uptimeScore ?? 1,
        row.checkedMinutesAgo ?? 1,
      ],
    );
  }
}
