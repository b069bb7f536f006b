import { randomUUID } from "node:crypto";
import { listedProtocol, type ProxyLine, proxySchemes } from "@sieve/vocabulary";
import type pg from "pg";
import { type CopyValue, copyRowsIn } from "../db/copy-in.ts";
import { inTransaction } from "../db/transaction.ts";
import type { ItemResult, JobStatus, PendingChunk, PendingItem } from "./check-job-records.ts";

type StoredPendingItem = Omit<PendingItem, "requested"> & {
  requested: PendingItem["requested"];
  scheme: string | null;
};

import type { CredentialCipher } from "./credential-cipher.ts";

export interface NewCheckJob {
  accountId: string;
  includeAnonymity: boolean;
  proxies: ProxyLine[];
  /** Positions (indexes into `proxies`) the target guard refused; they are done at once. */
  blocked: ReadonlySet<number>;
  invalidLines: number;
  duplicateLines: number;
  chunkSize: number;
}

export interface CreatedCheckJob {
  id: string;
  total: number;
  /** Chunks that still have work; fully blocked chunks are never queued. */
  chunks: number[];
  status: JobStatus;
}

const ITEM_COLUMNS = [
  "job_id",
  "position",
  "chunk",
  "host",
  "port",
  "requested",
  "form",
  "scheme",
  "credentials",
  "status",
  "reason",
  "checked_at",
] as const;

/** Writes check jobs: creation in one transaction, results counted exactly once. */
export function createCheckJobWriter(deps: { pool: pg.Pool; cipher: CredentialCipher }) {
  return {
    async create(job: NewCheckJob): Promise<CreatedCheckJob> {
      const total = job.proxies.length;
      const blockedCount = job.blocked.size;
      const status: JobStatus = blockedCount === total ? "completed" : "queued";
      const checkedAt = new Date().toISOString();
      const id = randomUUID();
      const pendingChunks = new Set<number>();
      const items = job.proxies.map((proxy, position): CopyValue[] => {
        const chunk = Math.floor(position / job.chunkSize);
        const blocked = job.blocked.has(position);
        if (!blocked) pendingChunks.add(chunk);
        const credentials =
          proxy.username === undefined
            ? null
            : deps.cipher.encrypt({ username: proxy.username, password: proxy.password ?? "" });
        return [
          id,
          position,
          chunk,
          proxy.host,
          proxy.port,
          proxy.protocol ? listedProtocol(proxy.protocol) : null,
          proxy.form,
          proxy.scheme ?? null,
          credentials,
          blocked ? "blocked" : null,
          blocked ? "blocked_target" : null,
          blocked ? checkedAt : null,
        ];
      });

      await inTransaction(deps.pool, async (client) => {
        await client.query(
          `INSERT INTO check_jobs (id, account_id, status, include_anonymity, total, done, blocked,
                                   invalid_lines, duplicate_lines, finished_at)
           VALUES ($1, $2, $3::job_status, $4, $5, $6, $6, $7, $8,
                   CASE WHEN $3::job_status = 'completed' THEN now() END)`,
          [
            id,
            job.accountId,
            status,
            job.includeAnonymity,
            total,
            blockedCount,
            job.invalidLines,
            job.duplicateLines,
          ],
        );
        await copyRowsIn(client, "check_items", ITEM_COLUMNS, items);
      });
      return { id, total, chunks: [...pendingChunks], status };
    },

    /** Removes a job whose work could not be queued, so nothing half-made is left behind. */
    async discard(jobId: string): Promise<void> {
      await deps.pool.query("DELETE FROM check_jobs WHERE id = $1", [jobId]);
    },

    /** A chunk's items without a result, or null when the job is gone or no longer wants them. */
    async pendingChunk(jobId: string, chunk: number): Promise<PendingChunk | null> {
      const job = await deps.pool.query<{ status: JobStatus; include_anonymity: boolean }>(
        "SELECT status, include_anonymity FROM check_jobs WHERE id = $1 AND status IN ('queued', 'running')",
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

    async markRunning(jobId: string): Promise<void> {
      await deps.pool.query(
        `UPDATE check_jobs SET status = 'running', started_at = coalesce(started_at, now())
         WHERE id = $1 AND status = 'queued'`,
        [jobId],
      );
    },

    /**
     * Stores results for items that have none yet and advances the job by exactly the number
     * stored, so retries, stalls and duplicate deliveries never count an item twice.
     */
    async recordResults(jobId: string, results: ItemResult[]): Promise<number> {
      if (results.length === 0) return 0;
      // One statement, so the job row every chunk updates is locked only while it runs, never
      // across a round trip to the client; it is atomic like the transaction it replaces.
      const advanced = await deps.pool.query<{ stored: number }>(
        `WITH stored AS (
           UPDATE check_items item SET
             status = r.status, reason = r.reason, protocol = r.protocol, connect_ms = r.connect_ms,
             ttfb_ms = r.ttfb_ms, total_ms = r.total_ms, exit_ip = r.exit_ip, country = r.country,
             anonymity = r.anonymity, checked_at = now()
           FROM unnest($2::bigint[], $3::check_status[], $4::text[], $5::proxy_protocol[], $6::int[], $7::int[],
                       $8::int[], $9::text[], $10::char(2)[], $11::anonymity[])
             AS r(id, status, reason, protocol, connect_ms, ttfb_ms, total_ms, exit_ip, country, anonymity)
           WHERE item.id = r.id AND item.job_id = $1 AND item.status IS NULL
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
         RETURNING tally.stored`,
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
        ],
      );
      return advanced.rows[0]?.stored ?? 0;
    },

    /** Cancels a job of this account that has not finished; returns its status afterwards, or null if unknown. */
    async cancel(accountId: string, jobId: string): Promise<JobStatus | null> {
      const result = await deps.pool.query<{ status: JobStatus }>(
        `UPDATE check_jobs SET
           status = CASE WHEN status IN ('queued', 'running') THEN 'cancelled'::job_status ELSE status END,
           finished_at = CASE WHEN status IN ('queued', 'running') THEN now() ELSE finished_at END
         WHERE id = $1 AND account_id = $2
         RETURNING status`,
        [jobId, accountId],
      );
      return result.rows[0]?.status ?? null;
    },

    /** Items accepted but not yet checked across the account's unfinished jobs. */
    async itemsInFlight(accountId: string): Promise<number> {
      const result = await deps.pool.query<{ pending: number }>(
        `SELECT coalesce(sum(total - done), 0)::int AS pending FROM check_jobs
         WHERE account_id = $1 AND status IN ('queued', 'running')`,
        [accountId],
      );
      return result.rows[0]?.pending ?? 0;
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
export type CheckJobWriter = ReturnType<typeof createCheckJobWriter>;
