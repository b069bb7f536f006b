import type pg from "pg";

const DAY_MS = 24 * 3600 * 1000;

/** How long finished work is kept. */
export interface RetentionPolicy {
  /** Days a finished check job (completed, failed or cancelled) and its items are kept. */
  jobDays: number;
  /** Days a retired candidate of the public list is kept before its row is deleted. */
  retiredProxyDays: number;
}

export interface PruneOutcome {
  jobs: number;
  items: number;
  retiredProxies: number;
}

/** The oldest `finished_at` a job may have and still be served. */
export function jobRetentionCutoff(now: Date, jobDays: number): Date {
  return new Date(now.getTime() - jobDays * DAY_MS);
}

/**
 * Deletes what is past retention, a batch per statement: each statement deletes at most
 * `batchSize` rows and commits on its own, so no lock is held long and the API's reads and the
 * workers' writes go on between batches. Items go before their job so that no single DELETE
 * cascades over a 100,000-item job. Safe on every worker at once: a row deleted twice is deleted
 * once, and a job whose items are half gone is past retention, so readers already answer 404.
 */
export async function pruneExpired(deps: {
  pool: pg.Pool;
  policy: RetentionPolicy;
  now: Date;
  batchSize: number;
}): Promise<PruneOutcome> {
  const outcome: PruneOutcome = { jobs: 0, items: 0, retiredProxies: 0 };
  const jobCutoff = jobRetentionCutoff(deps.now, deps.policy.jobDays);
  for (;;) {
    const expired = await deps.pool.query<{ id: string }>(
      `SELECT id FROM check_jobs
       WHERE status IN ('completed', 'failed', 'cancelled') AND finished_at < $1
       ORDER BY finished_at LIMIT $2`,
      [jobCutoff, deps.batchSize],
    );
    if (expired.rows.length === 0) break;
    for (const { id } of expired.rows) {
      outcome.items += await deleteInBatches(
        deps.pool,
        "DELETE FROM check_items WHERE id IN (SELECT id FROM check_items WHERE job_id = $1 LIMIT $2)",
        [id],
        deps.batchSize,
      );
      const job = await deps.pool.query("DELETE FROM check_jobs WHERE id = $1", [id]);
      outcome.jobs += job.rowCount ?? 0;
    }
  }
  const proxyCutoff = new Date(deps.now.getTime() - deps.policy.retiredProxyDays * DAY_MS);
  // The premium pool is the operator's own list: its entries leave only when the operator removes them.
  outcome.retiredProxies = await deleteInBatches(
    deps.pool,
    `DELETE FROM proxies WHERE id IN (
       SELECT id FROM proxies WHERE pool = 'public' AND retired_at < $1 LIMIT $2)`,
    [proxyCutoff],
    deps.batchSize,
  );
  return outcome;
}

/** Runs a `LIMIT $n` delete until it deletes nothing; the batch size is the last parameter. */
async function deleteInBatches(
  pool: pg.Pool,
  statement: string,
  values: unknown[],
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await pool.query(statement, [...values, batchSize]);
    const count = result.rowCount ?? 0;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
