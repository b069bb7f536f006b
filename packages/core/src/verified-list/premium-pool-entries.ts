import { formatHostPort, type ProxyProtocolName } from "@sieve/vocabulary";
import type pg from "pg";
import type { CredentialCipher } from "../check-jobs/credential-cipher.ts";

/** Where an entry stands: not checked yet, answering, failing (still re-checked), or retired. */
export const premiumEntryStates = ["pending", "live", "dead", "retired"] as const;
export type PremiumEntryState = (typeof premiumEntryStates)[number];

/** A premium pool entry as admins see it: every state, not only the live ones served. */
export interface PremiumPoolEntry {
  proxy_norm: string;
  host: string;
  port: number;
  protocol: ProxyProtocolName;
  /** Listed without a protocol: each check detects it. */
  detect_protocol: boolean;
  state: PremiumEntryState;
  /** Whether the last check succeeded (state live). */
  alive: boolean;
  /** The username of an entry with credentials (the password is never shown here); null without. */
  username: string | null;
  has_credentials: boolean;
  country: string | null;
  anonymity: string | null;
  latency_ms: number | null;
  uptime_score: number;
  checked_at: Date | null;
  last_success_at: Date | null;
  /** Why the last check failed; null after a success or before the first check. */
  last_error: string | null;
  next_check_at: Date | null;
  first_seen_at: Date;
}

interface EntryRow extends Omit<PremiumPoolEntry, "proxy_norm" | "username" | "has_credentials"> {
  credentials: Uint8Array | null;
}

const STATE_SQL = `CASE WHEN retired_at IS NOT NULL THEN 'retired'
                        WHEN alive THEN 'live'
                        WHEN checked_at IS NULL THEN 'pending'
                        ELSE 'dead' END`;

/** Browsing and removing single entries of the premium pool, for admins. */
export function createPremiumPoolEntries(deps: { pool: pg.Pool; cipher?: CredentialCipher }) {
  const usernameOf = (sealed: Uint8Array | null): string | null => {
    if (!sealed || !deps.cipher) return null;
    try {
      return deps.cipher.decrypt(sealed).username;
    } catch {
      // Sealed with another key: the entry still lists, its username cannot be read.
      return null;
    }
  };
  return {
    async page(options: {
      page: number;
      limit: number;
      state?: PremiumEntryState;
    }): Promise<{ total: number; items: PremiumPoolEntry[] }> {
      const stateClause = options.state ? `AND ${STATE_SQL} = $1` : "AND $1::text IS NULL";
      const state = options.state ?? null;
      const [count, rows] = await Promise.all([
        deps.pool.query<{ total: number }>(
          `SELECT count(*)::int AS total FROM proxies WHERE pool = 'premium' ${stateClause}`,
          [state],
        ),
        deps.pool.query<EntryRow>(
          `SELECT host, port, protocol, detect_protocol, ${STATE_SQL} AS state, alive, credentials, country,
                  anonymity::text AS anonymity, latency_ms, uptime_score, checked_at, last_success_at,
                  last_error, CASE WHEN retired_at IS NULL THEN next_check_at END AS next_check_at,
                  first_seen_at
             FROM proxies WHERE pool = 'premium' ${stateClause}
            ORDER BY first_seen_at DESC, id DESC LIMIT $2 OFFSET $3`,
          [state, options.limit, (options.page - 1) * options.limit],
        ),
      ]);
      return {
        total: count.rows[0]?.total ?? 0,
        items: rows.rows.map(({ credentials, ...row }) => ({
          proxy_norm: formatHostPort(row.host, row.port),
          ...row,
          uptime_score: Math.round(row.uptime_score * 1000) / 1000,
          username: usernameOf(credentials),
          has_credentials: credentials !== null,
        })),
      };
    },

    /** Removes exactly the entry with this host, port and protocol; returns 0 or 1. */
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
