import { type CheckTarget, proxySchemes } from "@sieve/vocabulary";
import type pg from "pg";
import type { ItemResult, JobStatus, PendingChunk, PendingItem } from "./check-job-records.ts";

type StoredPendingItem = Omit<PendingItem, "requested"> & {
  requested: PendingItem["requested"];
  scheme: string | null;
};

/**
 * Check jobs as the worker sees them: a chunk's items still to probe, and results stored so that
 * retries, stalls and duplicate deliveries never count an item twice.
 */
export function createChunkWorkStore(deps: { pool: pg.Pool }) {
  return {
    /** A chunk's items without a result, or null when the job is gone or no longer wants them. */
    async pendingChunk(jobId: string, chunk: number): Promise<PendingChunk | null> {
      const job = await deps.pool.query<{
        status: JobStatus;
        include_anonymity: boolean;
        targets: CheckTarget[] | null;
      }>(
        `SELECT status, include_anonymity, targets FROM check_jobs
         WHERE id = $1 AND status IN ('queued', 'running')`,
        [jobId],
      );
      if (!job.rows[0]) return null;
      const items = await deps.pool.query<StoredPendingItem>(
        `SELECT id, host, port, requested, scheme, credentials FROM check_items
         WHERE job_id = $1 AND chunk = $2 AND status IS NULL ORDER BY position`,
        [jobId, chunk],
      );
      return {
        status: job.rows[0].status,
        includeAnonymity: job.rows[0].include_anonymity,
        targets: job.rows[0].targets ?? [],
        // The row stores the listed protocol; the scheme as written says what a probe speaks (socks4a).
        items: items.rows.map(({ scheme, ...item }) => ({
          ...item,
          requested: (scheme && proxySchemes[scheme]) || item.requested,
        })),
      };
    },

    /** Whether the job still wants results (not finished, cancelled or deleted). */
    async isActive(jobId: string): Promise<boolean> {
      const result = await deps.pool.query(
        "SELECT 1 FROM check_jobs WHERE id = $1 AND status IN ('queued', 'running')",
        [jobId],
      );
      return (result.rowCount ?? 0) > 0;
    },

    /** Of these jobs, the ones that still want results: what a worker's cancel watch polls. */
    async activeJobs(jobIds: string[]): Promise<Set<string>> {
      const result = await deps.pool.query<{ id: string }>(
        "SELECT id FROM check_jobs WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running')",
        [jobIds],
      );
      return new Set(result.rows.map((row) => row.id));
    },

    async markRunning(jobId: string): Promise<void> {
      await deps.pool.query(
        `UPDATE check_jobs SET status = 'running', started_at = coalesce(started_at, now())
         WHERE id = $1 AND status = 'queued'`,
        [jobId],
      );
    },

    /**
     * Stores results for items that have none yet and advances the job by exactly the number
     * stored, so retries, stalls and duplicate deliveries never count an item twice. `ended` is
     * true for the one call that completed a job which has a callback to make.
     */
    async recordResults(jobId: string, results: ItemResult[]): Promise<{ stored: number; ended: boolean }> {
      if (results.length === 0) return { stored: 0, ended: false };
      // One statement, so the job row every chunk updates is locked only while it runs, never
      // across a round trip to the client; it is atomic like the transaction it replaces.
      const advanced = await deps.pool.query<{ stored: number; ended: boolean }>(
        `WITH stored AS (
           UPDATE check_items item SET
             status = r.status, reason = r.reason, protocol = r.protocol,
             protocols = coalesce(string_to_array(r.protocols, ',')::proxy_protocol[], '{}'),
             connect_ms = r.connect_ms,
             ttfb_ms = r.ttfb_ms, total_ms = r.total_ms, exit_ip = r.exit_ip, country = r.country,
             anonymity = r.anonymity, asn = r.asn, org = r.org, targets = r.targets::jsonb,
             checked_at = now()
           FROM unnest($2::bigint[], $3::check_status[], $4::text[], $5::proxy_protocol[], $6::int[], $7::int[],
                       $8::int[], $9::text[], $10::char(2)[], $11::anonymity[], $12::text[],
                       $13::bigint[], $14::text[], $15::text[])
             AS r(id, status, reason, protocol, connect_ms, ttfb_ms, total_ms, exit_ip, country, anonymity,
                  protocols, asn, org, targets)
           WHERE item.id = r.id AND item.job_id = $1 AND item.status IS NULL
             -- A cancelled job keeps the counts it had: what was unchecked then stays unchecked.
             AND EXISTS (SELECT 1 FROM check_jobs WHERE id = $1 AND status IN ('queued', 'running'))
           RETURNING item.status
         ), tally AS (
           SELECT count(*)::int AS stored,
                  count(*) FILTER (WHERE status = 'live')::int AS live,
                  count(*) FILTER (WHERE status = 'dead')::int AS dead,
                  count(*) FILTER (WHERE status = 'blocked')::int AS blocked
           FROM stored
         )
         UPDATE check_jobs SET
           done = done + tally.stored, live = check_jobs.live + tally.live,
           dead = check_jobs.dead + tally.dead, blocked = check_jobs.blocked + tally.blocked,
           status = CASE WHEN done + tally.stored >= total AND status IN ('queued', 'running') THEN 'completed' ELSE status END,
           finished_at = CASE WHEN done + tally.stored >= total AND status IN ('queued', 'running') THEN now() ELSE finished_at END
         FROM tally
         WHERE check_jobs.id = $1 AND tally.stored > 0
         RETURNING tally.stored,
                   check_jobs.status = 'completed' AND check_jobs.callback_url IS NOT NULL AS ended`,
        [
          jobId,
          results.map((r) => r.itemId),
          results.map((r) => r.status),
          results.map((r) => r.reason),
          results.map((r) => r.protocol),
          results.map((r) => r.connectMs),
          results.map((r) => r.ttfbMs),
          results.map((r) => r.totalMs),
          results.map((r) => r.exitIp),
          results.map((r) => r.country),
          results.map((r) => r.anonymity),
          // unnest cannot take an array of arrays of uneven length, so each list travels as text.
          results.map((r) => r.protocols.join(",")),
          results.map((r) => r.asn),
          results.map((r) => r.org),
          // JSON text per row, cast to jsonb in the statement.
          results.map((r) => (r.targets ? JSON.stringify(r.targets) : null)),
        ],
      );
      const row = advanced.rows[0];
      return { stored: row?.stored ?? 0, ended: row?.ended ?? false };
    },

    /**
     * Jobs that ended in the last day with a callback still to deliver: what the webhook queue
     * must hold. Older ones are past the retries' day and are not called any more.
     */
    async undeliveredCallbacks(limit: number): Promise<string[]> {
      const result = await deps.pool.query<{ id: string }>(
        `SELECT id FROM check_jobs
         WHERE status NOT IN ('queued', 'running') AND callback_url IS NOT NULL
           AND callback_delivered_at IS NULL AND finished_at > now() - interval '1 day'
         LIMIT $1`,
        [limit],
      );
      return result.rows.map((row) => row.id);
    },

    /** Chunks of unfinished jobs that still have items without a result: what the queue must hold. */
    async chunksWithPendingItems(limit: number): Promise<{ jobId: string; chunk: number }[]> {
      const result = await deps.pool.query<{ job_id: string; chunk: number }>(
        `SELECT DISTINCT item.job_id, item.chunk
         FROM check_jobs job JOIN check_items item ON item.job_id = job.id
         WHERE job.status IN ('queued', 'running') AND item.status IS NULL
         LIMIT $1`,
        [limit],
      );
      return result.rows.map((row) => ({ jobId: row.job_id, chunk: row.chunk }));
    },
  };
}
export type ChunkWorkStore = ReturnType<typeof createChunkWorkStore>;
