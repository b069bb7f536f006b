import type { ProxyPoolName, ProxyProtocolName } from "@sieve/vocabulary";
import type pg from "pg";
import { inTransaction } from "../db/transaction.ts";

/** A claim: the rows taken and the lease that marks them as this claim's. */
export interface RecheckClaim {
  ids: string[];
  /** The rows' next_check_at while claimed; a result is stored only if it is still this value. */
  lease: Date;
}

/** A tick's claim in the order it was taken: live and recently live rows first, then the rest. */
export interface TieredClaim extends RecheckClaim {
  /** How many of `ids`, from the start, are live or have answered before (not retired since). */
  urgent: number;
}

export interface ClaimedProxy {
  id: string;
  pool: ProxyPoolName;
  host: string;
  port: number;
  protocol: ProxyProtocolName;
  detectProtocol: boolean;
  uptimeSuccesses: number;
  uptimeWeight: number;
  checkedAt: Date | null;
  consecutiveFailures: number;
  firstSeenAt: Date;
  lastSuccessAt: Date | null;
  /** Sealed username and password of a premium entry. */
  credentials: Uint8Array | null;
}

export interface RecheckResult {
  id: string;
  alive: boolean;
  /** Detected or confirmed protocol; null keeps the stored one. */
  protocol: ProxyProtocolName | null;
  latencyMs: number | null;
  /** Every protocol that answered; kept from the last success when this check failed. */
  protocols: ProxyProtocolName[];
  exitIp: string | null;
  asn: number | null;
  org: string | null;
  country: string | null;
  anonymity: string | null;
  /** Every default target passed; null when none were requested (none set, or not live). */
  targetsOk: boolean | null;
  uptimeScore: number;
  uptimeSuccesses: number;
  uptimeWeight: number;
  checkedAt: Date;
  /** Null when retired. */
  nextCheckAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  /** The probe's reason for a failure; null after a success. */
  lastError: string | null;
}

const POOLS: readonly ProxyPoolName[] = ["public", "premium"];

// Retired rows sort after every due row, so the claim's index scan never walks them.
const RETIRED_NEXT_CHECK = "now() + interval '100 years'";

/**
 * The claim's tiers, in order: live; failing but answered before (recently live: rows are retired
 * once silent for the retire time); candidates that never answered. With most candidates dead, the
 * first two still get the budget first and keep their schedule.
 */
const TIERS = {
  live: "alive",
  recent: "NOT alive AND last_success_at IS NOT NULL",
  candidate: "NOT alive AND last_success_at IS NULL",
} as const;

const claimStatement = (tier: keyof typeof TIERS) => `
  WITH picked AS (
    SELECT id FROM proxies
    WHERE ${TIERS[tier]} AND next_check_at <= now() AND retired_at IS NULL
    ORDER BY next_check_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE proxies p
  SET claimed_due_at = COALESCE(p.claimed_due_at, p.next_check_at),
      next_check_at = now() + make_interval(secs => $2::double precision)
  FROM picked WHERE p.id = picked.id
  RETURNING p.id::text AS id, p.next_check_at AS lease`;

/** The re-check schedule in PostgreSQL: claims, results and cycle completion. */
export function createRecheckStore(deps: { pool: pg.Pool }) {
  return {
    /**
     * Takes up to `limit` due proxies, live ones first, then recently live ones, then candidates
     * that never answered, so any number of workers can claim at once without two taking the
     * same row (SKIP LOCKED).
     */
    async claim(limit: number, leaseSeconds: number): Promise<TieredClaim | null> {
      if (limit < 1) return null;
      const { rows, urgent } = await inTransaction(deps.pool, async (client) => {
        const taken: { id: string; lease: Date }[] = [];
        let urgentCount = 0;
        for (const tier of Object.keys(TIERS) as (keyof typeof TIERS)[]) {
          if (taken.length >= limit) break;
          const picked = await client.query<{ id: string; lease: Date }>(claimStatement(tier), [
            limit - taken.length,
            leaseSeconds,
          ]);
          taken.push(...picked.rows);
          if (tier !== "candidate") urgentCount = taken.length;
        }
        return { rows: taken, urgent: urgentCount };
      });
      const first = rows[0];
      return first ? { ids: rows.map((row) => row.id), lease: first.lease, urgent } : null;
    },

    /** The claimed rows still held by this lease; a retried batch finds the ones already done gone. */
    async load(claim: RecheckClaim): Promise<ClaimedProxy[]> {
      const result = await deps.pool.query<ClaimedProxy>(
        `SELECT id::text AS id, pool, host, port, protocol, detect_protocol AS "detectProtocol",
                uptime_successes AS "uptimeSuccesses", uptime_weight AS "uptimeWeight",
                checked_at AS "checkedAt", consecutive_failures AS "consecutiveFailures",
                first_seen_at AS "firstSeenAt", last_success_at AS "lastSuccessAt", credentials
         FROM proxies WHERE id = ANY($1::bigint[]) AND next_check_at = $2`,
        [claim.ids, claim.lease],
      );
      return result.rows;
    },

    /** Stores results of rows still held by `lease`; returns how many were stored. */
    async record(lease: Date, results: readonly RecheckResult[]): Promise<number> {
      if (results.length === 0) return 0;
      const column = <T>(pick: (result: RecheckResult) => T) => results.map(pick);
      const values = [
        lease,
        column((r) => r.id),
        column((r) => r.alive),
        column((r) => r.protocol),
        column((r) => r.latencyMs),
        column((r) => r.exitIp),
        column((r) => r.country),
        column((r) => r.anonymity),
        column((r) => r.uptimeScore),
        column((r) => r.uptimeSuccesses),
        column((r) => r.uptimeWeight),
        column((r) => r.checkedAt),
        column((r) => r.nextCheckAt),
        column((r) => r.lastSuccessAt),
        column((r) => r.consecutiveFailures),
        column((r) => r.lastError),
        column((r) => `{${r.protocols.join(",")}}`),
        column((r) => r.asn),
        column((r) => r.org),
        column((r) => r.targetsOk),
      ];
      return inTransaction(deps.pool, async (client) => {
        // An address listed without a protocol that turns out to speak one another row already
        // names is that row's duplicate.
        await client.query(
          `DELETE FROM proxies p
           USING unnest($2::bigint[], $3::proxy_protocol[]) AS r(id, protocol)
           WHERE p.id = r.id AND p.next_check_at = $1 AND p.detect_protocol AND r.protocol <> p.protocol
             AND EXISTS (SELECT 1 FROM proxies o WHERE o.pool = p.pool AND o.host = p.host
                         AND o.port = p.port AND o.protocol = r.protocol AND o.id <> p.id)`,
          [lease, values[1], values[3]],
        );
        const updated = await client.query(
          `UPDATE proxies p SET
             alive = r.alive,
             protocol = CASE WHEN r.alive THEN COALESCE(r.protocol, p.protocol) ELSE p.protocol END,
             latency_ms = CASE WHEN r.alive THEN r.latency_ms ELSE p.latency_ms END,
             exit_ip = CASE WHEN r.alive THEN r.exit_ip ELSE p.exit_ip END,
             country = CASE WHEN r.alive THEN r.country ELSE p.country END,
             anonymity = CASE WHEN r.alive THEN r.anonymity ELSE p.anonymity END,
             uptime_score = r.uptime_score,
             uptime_successes = r.uptime_successes,
             uptime_weight = r.uptime_weight,
             checked_at = r.checked_at,
             next_check_at = COALESCE(r.next_check_at, ${RETIRED_NEXT_CHECK}),
             retired_at = CASE WHEN r.next_check_at IS NULL THEN now() END,
             last_success_at = r.last_success_at,
             consecutive_failures = r.consecutive_failures,
             last_error = r.last_error,
             protocols = CASE WHEN r.alive THEN r.protocols::proxy_protocol[] ELSE p.protocols END,
             asn = CASE WHEN r.alive THEN r.asn ELSE p.asn END,
             exit_differs = CASE WHEN r.alive THEN r.exit_ip IS NOT NULL AND r.exit_ip <> p.host
                                 ELSE p.exit_differs END,
             org = CASE WHEN r.alive THEN r.org ELSE p.org END,
             targets_ok = CASE WHEN r.alive THEN r.targets_ok ELSE p.targets_ok END,
             checks = p.checks + 1,
             claimed_due_at = NULL
           FROM unnest($2::bigint[], $3::boolean[], $4::proxy_protocol[], $5::int[], $6::text[], $7::text[],
                       $8::anonymity[], $9::real[], $10::double precision[], $11::double precision[],
                       $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::int[], $16::text[],
                       $17::text[], $18::bigint[], $19::text[], $20::boolean[])
             AS r(id, alive, protocol, latency_ms, exit_ip, country, anonymity, uptime_score, uptime_successes,
                  uptime_weight, checked_at, next_check_at, last_success_at, consecutive_failures, last_error,
                  protocols, asn, org, targets_ok)
           WHERE p.id = r.id AND p.next_check_at = $1`,
          values,
        );
        return updated.rowCount ?? 0;
      });
    },

    /**
     * A cycle of a pool starts at some time S and ends once every proxy that was due at S has
     * been checked: none is still due at S and none claimed as due at or before S is in flight.
     * Then `refreshed_at` becomes now and the next cycle starts.
     */
    async completeCycles(): Promise<void> {
      for (const pool of POOLS) {
        await deps.pool.query(
          `INSERT INTO list_refresh (pool, cycle_started_at) VALUES ($1::proxy_pool, now())
           ON CONFLICT (pool) DO UPDATE SET cycle_started_at = now() WHERE list_refresh.cycle_started_at IS NULL`,
          [pool],
        );
        await deps.pool.query(
          `UPDATE list_refresh AS cycle SET refreshed_at = now(), cycle_started_at = now()
           WHERE cycle.pool = $1::proxy_pool
             AND NOT EXISTS (SELECT 1 FROM proxies WHERE pool = $1::proxy_pool AND retired_at IS NULL
                             AND next_check_at <= cycle.cycle_started_at)
             AND NOT EXISTS (SELECT 1 FROM proxies WHERE claimed_due_at <= cycle.cycle_started_at
                             AND pool = $1::proxy_pool)`,
          [pool],
        );
      }
    },
  };
}
export type RecheckStore = ReturnType<typeof createRecheckStore>;
