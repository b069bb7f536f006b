import { pruneExpired } from "@sieve/core";
import { jsonBody, type TestApi, test, waitFor } from "@sieve/test-support";
import type pg from "pg";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";

const DAY_MS = 24 * 3600 * 1000;
const policy = { jobDays: 7, retiredProxyDays: 30 };

// Lines the guard blocks: the job completes at submission, with no worker and nothing dialled.
const blockedLines = [
  "10.1.2.3:8080",
  "10.1.2.4:8080",
  "10.1.2.5:8080",
  "169.254.169.254:80",
  "192.0.2.9:3128",
];

async function completedJob(api: TestApi, key: string): Promise<string> {
  const response = await submit(api, key, { proxies_text: blockedLines.join("\n") });
  expect(response.status).toBe(202);
  const { job_id } = (await jsonBody(response)) as { job_id: string };
  const job = await jsonBody(await api.get(`/api/v1/api/jobs/${job_id}`, key));
  expect(job.status).toBe("completed");
  return job_id;
}

/** Moves a job's end into the past, as if it had finished `days` ago. */
async function finishedDaysAgo(pool: pg.Pool, jobId: string, days: number): Promise<void> {
  await pool.query("UPDATE check_jobs SET finished_at = $2 WHERE id = $1", [
    jobId,
    new Date(Date.now() - days * DAY_MS),
  ]);
}

async function rowsOf(pool: pg.Pool, jobId: string): Promise<{ jobs: number; items: number }> {
  const result = await pool.query<{ jobs: number; items: number }>(
    `SELECT (SELECT count(*)::int FROM check_jobs WHERE id = $1) AS jobs,
            (SELECT count(*)::int FROM check_items WHERE job_id = $1) AS items`,
    [jobId],
  );
  return result.rows[0]!;
}

async function insertProxy(
  pool: pg.Pool,
  row: { pool: string; host: string; retiredDaysAgo: number | null },
) {
  await pool.query(
    `INSERT INTO proxies (pool, host, port, protocol, retired_at) VALUES ($1::proxy_pool, $2, 8080, 'http', $3)`,
    [
      row.pool,
      row.host,
      row.retiredDaysAgo === null ? null : new Date(Date.now() - row.retiredDaysAgo * DAY_MS),
    ],
  );
}

// The worker (only the last test starts it) prunes every half second, so that test sees it happen.
test.override("workerOptions", { pruneEveryMs: 500 });

describe("data retention", () => {
  test("keeps a finished job inside the window and deletes it and its items past it", async ({
    api,
    owner,
    database,
  }) => {
    const jobId = await completedJob(api, owner.key);
    const { pool } = database;
    const now = Date.now();

    const early = await pruneExpired({ pool, policy, now: new Date(now + 6 * DAY_MS), batchSize: 2 });
    expect(await rowsOf(pool, jobId)).toEqual({ jobs: 1, items: blockedLines.length });
    expect(early.jobs).toBe(0);

    // Batches of 2 rows: the job's 5 items take three statements, then the job row goes.
    const late = await pruneExpired({ pool, policy, now: new Date(now + 8 * DAY_MS), batchSize: 2 });
    expect(late).toMatchObject({ jobs: 1, items: blockedLines.length });
    expect(await rowsOf(pool, jobId)).toEqual({ jobs: 0, items: 0 });
  });

  test("never deletes an unfinished job, however old", async ({ api, owner, database }) => {
    const jobId = await completedJob(api, owner.key);
    const { pool } = database;
    await pool.query(
      "UPDATE check_jobs SET status = 'running', finished_at = NULL, created_at = now() - interval '90 days' WHERE id = $1",
      [jobId],
    );
    await pruneExpired({ pool, policy, now: new Date(Date.now() + 365 * DAY_MS), batchSize: 100 });
    expect(await rowsOf(pool, jobId)).toEqual({ jobs: 1, items: blockedLines.length });
  });

  test("a job past retention answers 404 on every route before the pruner has run", async ({
    api,
    owner,
    database,
  }) => {
    const jobId = await completedJob(api, owner.key);
    await finishedDaysAgo(database.pool, jobId, 6);
    expect((await api.get(`/api/v1/api/jobs/${jobId}`, owner.key)).status).toBe(200);

    await finishedDaysAgo(database.pool, jobId, 8);
    for (const path of [
      `/api/v1/api/jobs/${jobId}`,
      `/api/v1/api/jobs/${jobId}/items`,
      `/api/v1/api/jobs/${jobId}/export?format=csv`,
    ]) {
      const response = await api.get(path, owner.key);
      expect(response.status, path).toBe(404);
      expect(await jsonBody(response)).toMatchObject({ error: "job not found" });
    }
    const cancel = await fetch(`${api.url}/api/v1/api/jobs/${jobId}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    expect(cancel.status).toBe(404);
    // Still stored until the pruner runs; only serving stopped.
    expect((await rowsOf(database.pool, jobId)).jobs).toBe(1);
  });

  test("prunes retired public candidates past their age and keeps the rest", async ({ database }) => {
    const { pool } = database;
    await insertProxy(pool, { pool: "public", host: "192.0.2.101", retiredDaysAgo: 31 });
    await insertProxy(pool, { pool: "public", host: "192.0.2.102", retiredDaysAgo: 29 });
    await insertProxy(pool, { pool: "public", host: "192.0.2.103", retiredDaysAgo: null });
    // The premium pool is the operator's list: retired or not, its entries stay.
    await insertProxy(pool, { pool: "premium", host: "192.0.2.104", retiredDaysAgo: 400 });

    const outcome = await pruneExpired({ pool, policy, now: new Date(), batchSize: 1 });
    expect(outcome.retiredProxies).toBe(1);
    const left = await pool.query<{ host: string }>(
      "SELECT host FROM proxies WHERE host LIKE '192.0.2.10%' ORDER BY host",
    );
    expect(left.rows.map((row) => row.host)).toEqual(["192.0.2.102", "192.0.2.103", "192.0.2.104"]);
  });
});

describe("the worker's scheduled pruning", () => {
  test("deletes a job past retention without being asked", async ({
    api,
    owner,
    database,
    worker: _worker,
  }) => {
    const jobId = await completedJob(api, owner.key);
    const kept = await completedJob(api, owner.key);
    await finishedDaysAgo(database.pool, jobId, 8);
    await waitFor(async () => ((await rowsOf(database.pool, jobId)).jobs === 0 ? true : undefined), {
      timeout: 20_000,
      interval: 200,
    });
    expect(await rowsOf(database.pool, jobId)).toEqual({ jobs: 0, items: 0 });
    expect(await rowsOf(database.pool, kept)).toEqual({ jobs: 1, items: blockedLines.length });
  });
});
