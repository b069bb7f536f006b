import { randomUUID } from "node:crypto";
import { type CheckTarget, listedProtocol, SieveError } from "@sieve/vocabulary";
import type pg from "pg";
import { type CopyValue, copyRowsIn } from "../db/copy-in.ts";
import { inTransaction } from "../db/transaction.ts";
import { type JobRetention, servedSince } from "../retention/job-retention.ts";
import type { JobStatus } from "./check-job-records.ts";
import type { CredentialCipher } from "./credential-cipher.ts";
import type { SubmittedProxy } from "./submission.ts";

export interface NewCheckJob {
  accountId: string;
  includeAnonymity: boolean;
  proxies: SubmittedProxy[];
  /** Positions (indexes into `proxies`) the target guard refused; they are done at once. */
  blocked: ReadonlySet<number>;
  invalidLines: number;
  duplicateLines: number;
  chunkSize: number;
  /** Items the account may have unchecked, this job included; checked and taken as one step. */
  maxItemsInFlight: number;
  /** Called once when the job ends. */
  callbackUrl?: string;
  /** Pages requested through each live proxy; kept with the job, never in a queue payload. */
  targets?: readonly CheckTarget[];
  /**
   * A check running beside the write (the daily host cap): awaited after the items are sent and
   * before COMMIT, so a refusal rolls the job back and nothing of it is ever seen.
   */
  admission?: Promise<void>;
}

const IN_FLIGHT_SQL = `SELECT coalesce(sum(total - done), 0)::int AS pending FROM check_jobs
                        WHERE account_id = $1 AND status IN ('queued', 'running')`;

/**
 * Seconds a refused submission is told to wait. Room opens as the account's jobs finish, which no
 * clock predicts; a short wait lets a client that honours Retry-After poll without hammering.
 */
export const IN_FLIGHT_RETRY_SECONDS = 10;

/**
 * The refusal for a submission that does not fit the account's items in flight: a 429 to retry
 * later, or a 400 when the list alone is over the limit, which no wait would fix.
 */
export function tooManyInFlight(inFlight: number, submitted: number, limit: number): SieveError {
  if (submitted > limit) {
    return new SieveError(
      "invalid_request",
      `${submitted} proxies submitted is more than your limit of ${limit} in flight; split the list`,
      { limit },
    );
  }
  return new SieveError(
    "rate_limited",
    `too many proxies in flight: ${inFlight} still being checked plus ${submitted} submitted ` +
      `exceeds your limit of ${limit}; wait for your jobs to finish`,
    { in_flight: inFlight, limit, retry_after: IN_FLIGHT_RETRY_SECONDS },
  );
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
  "written_host",
  "port",
  "line",
  "requested",
  "form",
  "scheme",
  "credentials",
  "status",
  "reason",
  "checked_at",
] as const;

/**
 * Check jobs as the API sees them: created with their items in one transaction, discarded when
 * they could not be queued, cancelled, and counted against an account's limit. The worker's side
 * is the chunk work store.
 */
export function createSubmissionStore(deps: {
  pool: pg.Pool;
  cipher: CredentialCipher;
  /** A job past retention cannot be cancelled either: it answers as unknown. */
  retention: JobRetention;
}) {
  return {
    async create(job: NewCheckJob): Promise<CreatedCheckJob> {
      const total = job.proxies.length;
      const blockedCount = job.blocked.size;
      const status: JobStatus = blockedCount === total ? "completed" : "queued";
      const checkedAt = new Date().toISOString();
      const id = randomUUID();
      const pendingChunks = new Set<number>();
      job.proxies.forEach((_proxy, position) => {
        if (!job.blocked.has(position)) pendingChunks.add(Math.floor(position / job.chunkSize));
      });
      // Made as COPY sends them rather than all first: 100,000 rows never sit in memory at once.
      const items = function* (): Generator<CopyValue[]> {
        for (let position = 0; position < total; position++) {
          const proxy = job.proxies[position]!;
          const blocked = job.blocked.has(position);
          yield [
            id,
            position,
            Math.floor(position / job.chunkSize),
            proxy.host,
            proxy.writtenHost ?? null,
            proxy.port,
            proxy.line,
            proxy.protocol ? listedProtocol(proxy.protocol) : null,
            proxy.form,
            proxy.scheme ?? null,
            proxy.username === undefined
              ? null
              : deps.cipher.encrypt({ username: proxy.username, password: proxy.password ?? "" }),
            blocked ? "blocked" : null,
            blocked ? "blocked_target" : null,
            blocked ? checkedAt : null,
          ];
        }
      };

      await inTransaction(deps.pool, async (client) => {
        // One submission of an account at a time from here to COMMIT, on every replica: the count
        // of items in flight and the insert that adds to it cannot interleave with another's.
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended('check-in-flight:' || $1, 0))", [
          job.accountId,
        ]);
        const inFlight =
          (await client.query<{ pending: number }>(IN_FLIGHT_SQL, [job.accountId])).rows[0]?.pending ?? 0;
        if (inFlight + total > job.maxItemsInFlight)
          throw tooManyInFlight(inFlight, total, job.maxItemsInFlight);
        await client.query(
          `INSERT INTO check_jobs (id, account_id, status, include_anonymity, total, done, blocked,
                                   invalid_lines, duplicate_lines, callback_url, targets, finished_at)
           VALUES ($1, $2, $3::job_status, $4, $5, $6, $6, $7, $8, $9, $10::jsonb,
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
            job.callbackUrl ?? null,
            job.targets?.length ? JSON.stringify(job.targets) : null,
          ],
        );
        await copyRowsIn(client, "check_items", ITEM_COLUMNS, items());
        await job.admission;
      });
      return { id, total, chunks: [...pendingChunks], status };
    },

    /** Removes a job whose work could not be queued, so nothing half-made is left behind. */
    async discard(jobId: string): Promise<void> {
      await deps.pool.query("DELETE FROM check_jobs WHERE id = $1", [jobId]);
    },

    /** Cancels a job of this account that has not finished; returns its status afterwards, or null if unknown. */
    async cancel(accountId: string, jobId: string): Promise<JobStatus | null> {
      const result = await deps.pool.query<{ status: JobStatus }>(
        `UPDATE check_jobs SET
           status = CASE WHEN status IN ('queued', 'running') THEN 'cancelled'::job_status ELSE status END,
           finished_at = CASE WHEN status IN ('queued', 'running') THEN now() ELSE finished_at END
         WHERE id = $1 AND account_id = $2 AND (finished_at IS NULL OR finished_at >= $3)
         RETURNING status`,
        [jobId, accountId, servedSince(deps.retention)],
      );
      return result.rows[0]?.status ?? null;
    },

    /** Items accepted but not yet checked across the account's unfinished jobs. */
    async itemsInFlight(accountId: string): Promise<number> {
      const result = await deps.pool.query<{ pending: number }>(IN_FLIGHT_SQL, [accountId]);
      return result.rows[0]?.pending ?? 0;
    },
  };
}
export type SubmissionStore = ReturnType<typeof createSubmissionStore>;
