import type { ProxyPoolName } from "@sieve/vocabulary";
import type pg from "pg";
import type { Candidate } from "./source-format.ts";

export interface IngestCount {
  /** Addresses offered. */
  candidates: number;
  /** Rows that did not exist before. */
  added: number;
  /** Retired rows listed again and given a fresh start. */
  revived: number;
}

const BATCH = 1_000;

/**
 * Upserts candidates into a pool, due for a check at once. One row per address and protocol: an
 * entry naming a protocol always has its own row (a list saying "https" is taken at its word even
 * when another list gave the address without one), while an address listed without a protocol is
 * one row whose protocol each check detects, and adds nothing when the address already has a row.
 */
export async function ingestCandidates(
  pool: pg.Pool,
  target: {
    pool: ProxyPoolName;
    sourceId: string | null;
    /** A retired row listed again comes back only this long after it was retired (default: at once). */
    reviveAfterSeconds?: number;
  },
  candidates: readonly (Candidate & { credentials?: Uint8Array })[],
): Promise<IngestCount> {
  let added = 0;
  let revived = 0;
  for (let start = 0; start < candidates.length; start += BATCH) {
    const batch = candidates.slice(start, start + BATCH);
    const values = [
      target.pool,
      target.sourceId,
      batch.map((entry) => entry.host),
      batch.map((entry) => entry.port),
      batch.map((entry) => entry.protocol ?? null),
      batch.map((entry) => (entry.credentials ? Buffer.from(entry.credentials) : null)),
    ];
    const inserted = await pool.query(
      `INSERT INTO proxies (pool, host, port, protocol, detect_protocol, source_id, credentials)
       SELECT $1::proxy_pool, c.host, c.port, COALESCE(c.protocol, 'http'), c.protocol IS NULL, $2::uuid,
              c.credentials
       FROM unnest($3::text[], $4::int[], $5::proxy_protocol[], $6::bytea[]) AS c(host, port, protocol, credentials)
       WHERE NOT EXISTS (
         SELECT 1 FROM proxies p
         WHERE p.pool = $1::proxy_pool AND p.host = c.host AND p.port = c.port
           AND (c.protocol IS NULL OR (p.protocol = c.protocol AND NOT p.detect_protocol)))
       ON CONFLICT DO NOTHING`,
      values,
    );
    added += inserted.rowCount ?? 0;
    if (target.pool === "premium") await storeCredentials(pool, values.slice(2));
    const revivedRows = await pool.query(
      `UPDATE proxies p SET retired_at = NULL, next_check_at = now(), consecutive_failures = 0,
                            first_seen_at = now(), last_success_at = NULL
       FROM unnest($2::text[], $3::int[], $4::proxy_protocol[]) AS c(host, port, protocol)
       WHERE p.pool = $1::proxy_pool AND p.host = c.host AND p.port = c.port AND p.retired_at IS NOT NULL
         AND p.retired_at <= now() - make_interval(secs => $5::double precision)
         AND (c.protocol IS NULL OR p.detect_protocol OR p.protocol = c.protocol)`,
      [target.pool, ...values.slice(2, 5), target.reviveAfterSeconds ?? 0],
    );
    revived += revivedRows.rowCount ?? 0;
    if (target.sourceId) await recordListings(pool, target.sourceId, values.slice(2, 5));
  }
  return { candidates: candidates.length, added, revived };
}

/**
 * Credentials given again for a premium entry that exists replace the stored ones, and the entry
 * is checked at once with them; an entry listed without credentials keeps what it has.
 */
async function storeCredentials(pool: pg.Pool, columns: unknown[]): Promise<void> {
  await pool.query(
    `UPDATE proxies p SET credentials = c.credentials,
       next_check_at = CASE WHEN p.claimed_due_at IS NULL THEN now() ELSE p.next_check_at END
     FROM unnest($1::text[], $2::int[], $3::proxy_protocol[], $4::bytea[]) AS c(host, port, protocol, credentials)
     WHERE p.pool = 'premium' AND p.host = c.host AND p.port = c.port AND c.credentials IS NOT NULL
       AND (c.protocol IS NULL OR p.detect_protocol OR p.protocol = c.protocol)`,
    columns,
  );
}

/** Credits the source with every row its entries stand for, whichever source added the row. */
async function recordListings(pool: pg.Pool, sourceId: string, columns: unknown[]): Promise<void> {
  await pool.query(
    `INSERT INTO proxy_source_listings (proxy_id, source_id)
     SELECT DISTINCT p.id, $1::uuid
     FROM unnest($2::text[], $3::int[], $4::proxy_protocol[]) AS c(host, port, protocol)
     JOIN proxies p ON p.pool = 'public' AND p.host = c.host AND p.port = c.port
                   AND (c.protocol IS NULL OR p.protocol = c.protocol)
     ON CONFLICT (proxy_id, source_id) DO UPDATE SET last_listed_at = now()`,
    [sourceId, ...columns],
  );
}
