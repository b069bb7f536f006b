import { randomUUID } from "node:crypto";
import { test, waitFor } from "@sieve/test-support";
import type pg from "pg";
import { describe, expect } from "vitest";
import { copyRowsIn } from "../src/db/copy-in.ts";

/**
 * check_items.job_id is held to check_jobs by triggers instead of a foreign key (one check per
 * insert statement rather than per row, for the 202 of a large list). These are the key's
 * guarantees, each shown on the migrated database.
 */

async function newAccount(pool: pg.Pool): Promise<string> {
  const id = randomUUID();
  await pool.query("INSERT INTO accounts (id, email) VALUES ($1, $2)", [id, `${id}@example.test`]);
  return id;
}

async function newJob(pool: pg.Pool | pg.PoolClient, accountId: string): Promise<string> {
  const id = randomUUID();
  await pool.query("INSERT INTO check_jobs (id, account_id, total) VALUES ($1, $2, 3)", [id, accountId]);
  return id;
}

const itemRows = (jobId: string, count: number) =>
  Array.from({ length: count }, (_, position) => [jobId, position, 0, `192.0.2.${position + 1}`, 8080]);

async function copyItems(client: pg.PoolClient, rows: (string | number)[][]): Promise<void> {
  await copyRowsIn(client, "check_items", ["job_id", "position", "chunk", "host", "port"], rows);
}

async function itemsOf(pool: pg.Pool, jobId: string): Promise<number> {
  const result = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM check_items WHERE job_id = $1",
    [jobId],
  );
  return result.rows[0]!.n;
}

describe("check items and their job", () => {
  test("items of a job that does not exist are refused, by COPY and by INSERT", async ({ database }) => {
    const jobId = await newJob(database.pool, await newAccount(database.pool));
    const missing = randomUUID();
    const client = await database.pool.connect();
    try {
      // One row of a real job among them does not save the others.
      const copied = copyItems(client, [...itemRows(jobId, 2), [missing, 2, 0, "192.0.2.9", 8080]]);
      await expect(copied).rejects.toMatchObject({ code: "23503" });
      await expect(copied).rejects.toThrow(`job ${missing} is not in check_jobs`);
    } finally {
      client.release();
    }
    await expect(
      database.pool.query(
        "INSERT INTO check_items (job_id, position, chunk, host, port) VALUES ($1, 0, 0, '192.0.2.1', 80)",
        [missing],
      ),
    ).rejects.toMatchObject({ code: "23503" });
    expect(await itemsOf(database.pool, jobId)).toBe(0);
    expect(await itemsOf(database.pool, missing)).toBe(0);
  });

  test("deleting a job deletes its items and no one else's", async ({ database }) => {
    const accountId = await newAccount(database.pool);
    const [gone, kept] = [await newJob(database.pool, accountId), await newJob(database.pool, accountId)];
    const client = await database.pool.connect();
    try {
      await copyItems(client, [...itemRows(gone, 3), ...itemRows(kept, 2)]);
    } finally {
      client.release();
    }
    await database.pool.query("DELETE FROM check_jobs WHERE id = $1", [gone]);
    expect(await itemsOf(database.pool, gone)).toBe(0);
    expect(await itemsOf(database.pool, kept)).toBe(2);
  });

  test("deleting an account deletes its jobs' items", async ({ database }) => {
    const accountId = await newAccount(database.pool);
    const jobs = [await newJob(database.pool, accountId), await newJob(database.pool, accountId)];
    const client = await database.pool.connect();
    try {
      await copyItems(client, [...itemRows(jobs[0]!, 3), ...itemRows(jobs[1]!, 3)]);
    } finally {
      client.release();
    }
    await database.pool.query("DELETE FROM accounts WHERE id = $1", [accountId]);
    expect(await itemsOf(database.pool, jobs[0]!)).toBe(0);
    expect(await itemsOf(database.pool, jobs[1]!)).toBe(0);
  });

  test("a job's id and an item's job_id never change", async ({ database }) => {
    const accountId = await newAccount(database.pool);
    const [jobId, other] = [await newJob(database.pool, accountId), await newJob(database.pool, accountId)];
    const client = await database.pool.connect();
    try {
      await copyItems(client, itemRows(jobId, 1));
    } finally {
      client.release();
    }
    await expect(
      database.pool.query("UPDATE check_jobs SET id = $2 WHERE id = $1", [jobId, randomUUID()]),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      database.pool.query("UPDATE check_items SET job_id = $2 WHERE job_id = $1", [jobId, other]),
    ).rejects.toMatchObject({ code: "23503" });
    // Updates that leave the link alone go through, as the worker's results do.
    await database.pool.query("UPDATE check_items SET status = 'dead' WHERE job_id = $1", [jobId]);
    await database.pool.query("UPDATE check_jobs SET done = 1 WHERE id = $1", [jobId]);
    expect(await itemsOf(database.pool, jobId)).toBe(1);
  });

  test("a job being given items is deleted only after they commit, and takes them along", async ({
    database,
  }) => {
    const jobId = await newJob(database.pool, await newAccount(database.pool));
    const adding = await database.pool.connect();
    try {
      await adding.query("BEGIN");
      await copyItems(adding, itemRows(jobId, 3));
      const deleting = database.pool.query("DELETE FROM check_jobs WHERE id = $1 RETURNING id", [jobId]);
      // The delete waits on the lock the insert took on the job, as it did on the key's.
      await waitFor(async () => {
        const waiting = await database.pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM check_jobs%'",
        );
        return (waiting.rowCount ?? 0) > 0;
      });
      await adding.query("COMMIT");
      expect((await deleting).rowCount).toBe(1);
    } finally {
      adding.release();
    }
    expect(await itemsOf(database.pool, jobId)).toBe(0);
  });

  test("items cannot be added to a job whose delete is in flight once it commits", async ({ database }) => {
    const jobId = await newJob(database.pool, await newAccount(database.pool));
    const deleting = await database.pool.connect();
    const adding = await database.pool.connect();
    try {
      await deleting.query("BEGIN");
      await deleting.query("DELETE FROM check_jobs WHERE id = $1", [jobId]);
      await adding.query("BEGIN");
      const added = copyItems(adding, itemRows(jobId, 2));
      added.catch(() => {});
      await deleting.query("COMMIT");
      await expect(added).rejects.toMatchObject({ code: "23503" });
      await adding.query("ROLLBACK");
    } finally {
      deleting.release();
      adding.release();
    }
    expect(await itemsOf(database.pool, jobId)).toBe(0);
  });
});
