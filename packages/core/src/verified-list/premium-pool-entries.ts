import type { ProxyProtocolName } from "@sieve/vocabulary";
import type pg from "pg";

/** A premium pool entry as admins see it: every state, not only the live ones served. */
export interface PremiumPoolEntry {
  host: string;
  port: number;
  protocol: ProxyProtocolName;
  alive: boolean;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: Date | null;
  first_seen_at: Date;
}

/** Browsing and removing single entries of the premium pool, for the admin pages. */
export function createPremiumPoolEntries(deps: { pool: pg.Pool }) {
  return {
    async page(options: {
      page: number;
      limit: number;
    }): Promise<{ total: number; items: PremiumPoolEntry[] }> {
      const [count, rows] = await Promise.all([
        deps.pool.query<{ total: number }>(
          "SELECT count(*)::int AS total FROM proxies WHERE pool = 'premium'",
        ),
        deps.pool.query<PremiumPoolEntry>(
          `SELECT host, port, protocol, alive, country, anonymity::text AS anonymity, latency_ms,
                  uptime_score, checked_at, first_seen_at
             FROM proxies WHERE pool = 'premium'
            ORDER BY first_seen_at DESC, id DESC LIMIT $1 OFFSET $2`,
          [options.limit, (options.page - 1) * options.limit],
        ),
      ]);
      return { total: count.rows[0]?.total ?? 0, items: rows.rows };
    },

    async remove(entry: { host: string; port: number; protocol: ProxyProtocolName }): Promise<number> {
      const result = await deps.pool.query(
        "DELETE FROM proxies WHERE pool = 'premium' AND host = $1 AND port = $2 AND protocol = $3::proxy_protocol",
        [entry.host, entry.port, entry.protocol],
      );
      return result.rowCount ?? 0;
    },
  };
}
export type PremiumPoolEntries = ReturnType<typeof createPremiumPoolEntries>;
