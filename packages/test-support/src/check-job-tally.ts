import pg from "pg";

/** A check job as PostgreSQL records it: the counters and what the items say independently. */
export interface CheckJobTally {
  status: string;
  total: number;
  done: number;
  live: number;
  dead: number;
  blocked: number;
  /** Items that have a result, counted from the items themselves. */
  itemsWithResult: number;
}

/** Per chunk: how many items it has and how many of them have a result. */
export interface ChunkProgress {
  chunk: number;
  items: number;
  checked: number;
}

/** Each read opens its own connection, so it works across a restart of the server. */
async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function readCheckJobTally(databaseUrl: string, jobId: string): Promise<CheckJobTally> {
  const rows = await query<CheckJobTally>(
    databaseUrl,
    `SELECT job.status::text AS status, job.total, job.done, job.live, job.dead, job.blocked,
            (SELECT count(*)::int FROM check_items item
             WHERE item.job_id = job.id AND item.status IS NOT NULL) AS "itemsWithResult"
     FROM check_jobs job WHERE job.id = $1`,
    [jobId],
  );
  if (!rows[0]) throw new Error(`no check job ${jobId}`);
  return rows[0];
}

export function readChunkProgress(databaseUrl: string, jobId: string): Promise<ChunkProgress[]> {
  return query<ChunkProgress>(
    databaseUrl,
    `SELECT chunk, count(*)::int AS items, count(status)::int AS checked
     FROM check_items WHERE job_id = $1 GROUP BY chunk ORDER BY chunk`,
    [jobId],
  );
}

/** What "every item has exactly one result" looks like for a job of `total` live items. */
export function everyItemCheckedOnce(total: number): CheckJobTally {
  return {
    status: "completed",
    total,
    done: total,
    live: total,
    dead: 0,
    blocked: 0,
    itemsWithResult: total,
  };
}
