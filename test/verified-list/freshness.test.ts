import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLogger,
  createQueues,
  createRecheckStore,
  createRedis,
  createSourceRepository,
  gatherSource,
  runVerifiedTick,
} from "@sieve/core";
import { claimKeyPrefix, type PrivateDatabase, test } from "@sieve/test-support";
import { describe, expect } from "vitest";

const logger = createLogger({ service: "worker", silent: true });

/** Rows of the public pool, all due: `n` of a kind, on ports from `firstPort`. */
async function seed(
  database: PrivateDatabase,
  kind: "live" | "recently-live" | "never-answered",
  firstPort: number,
  n: number,
  dueMinutesAgo: number,
) {
  await database.pool.query(
    `INSERT INTO proxies (pool, host, port, protocol, alive, checked_at, last_success_at, next_check_at)
     SELECT 'public', '192.0.2.1', $1 + i, 'http', $2, now() - interval '1 hour',
            CASE WHEN $3 THEN now() - interval '2 hours' END,
            now() - make_interval(mins => $4)
     FROM generate_series(0, $5 - 1) AS i`,
    [firstPort, kind === "live", kind !== "never-answered", dueMinutesAgo, n],
  );
}

describe("freshness when almost every candidate is dead", { timeout: 30_000 }, () => {
  test("gives the budget to live and recently live proxies first and queues them ahead of candidates", async ({
    freshDatabase: database,
  }) => {
    // 97 never-answered candidates, due the longest; 2 recently live and 1 live, due since now.
    await seed(database, "never-answered", 10_000, 97, 60);
    await seed(database, "recently-live", 20_000, 2, 1);
    await seed(database, "live", 30_000, 1, 1);
    const redis = createRedis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", { role: "producer" });
    const queues = createQueues({ connection: redis, prefix: claimKeyPrefix("queue") });
    try {
      if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
      const tick = () =>
        runVerifiedTick({
          store: createRecheckStore({ pool: database.pool }),
          queues,
          redis,
          budgetKey: `${claimKeyPrefix("budget")}:taken-at`,
          checksPerSecond: 5,
          tickMs: 1_000,
          batchSize: 50,
          leaseSeconds: 300,
        });
      expect(await tick()).toEqual({ claimed: 5 });

      const ports = async (ids: string[]) =>
        (
          await database.pool.query<{ port: number }>(
            "SELECT port FROM proxies WHERE id = ANY($1::bigint[]) ORDER BY port",
            [ids],
          )
        ).rows.map((row) => row.port);
      const queue = queues.byName["verified-check"];
      const [urgent, ...moreUrgent] = await queue.getJobs(["wait"]);
      const [candidates, ...moreCandidates] = await queue.getJobs(["prioritized"]);
      expect(moreUrgent).toEqual([]);
      expect(moreCandidates).toEqual([]);
      // The three that answered before, although the candidates were due an hour earlier.
      expect(await ports(urgent!.data.ids)).toEqual([20_000, 20_001, 30_000]);
      expect(urgent!.opts.priority ?? 0).toBe(0);
      // The rest of the budget to the oldest candidates, in a batch BullMQ hands out after them.
      expect(await ports(candidates!.data.ids)).toEqual([10_000, 10_001]);
      expect(candidates!.data.candidates).toBe(true);
      expect(candidates!.opts.priority).toBeGreaterThan(0);
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

  test("brings a retired candidate back only when a source lists it again after the revive time", async ({
    freshDatabase: database,
  }) => {
    await database.pool.query(
      `INSERT INTO proxies (pool, host, port, protocol, alive, checked_at, retired_at, next_check_at)
       VALUES ('public', '192.0.2.2', 8080, 'http', false, now() - interval '1 day', now() - interval '1 day',
               now() + interval '100 years'),
              ('public', '192.0.2.3', 8080, 'http', false, now() - interval '4 days', now() - interval '4 days',
               now() + interval '100 years')`,
    );
    const file = join(tmpdir(), `sieve-revive-${process.pid}-${Date.now()}.txt`);
    await writeFile(file, "http://192.0.2.2:8080\nhttp://192.0.2.3:8080\n");
    const sources = createSourceRepository({ pool: database.pool });
    const source = await sources.add({ location: file, intervalMinutes: 60 });
    const outcome = await gatherSource(
      {
        pool: database.pool,
        sources,
        fetch: { timeoutMs: 1_000, maxBytes: 1024, allows: () => true },
        logger,
        reviveAfterSeconds: 3 * 86_400,
      },
      source.id,
    );
    expect(outcome).toEqual({ ok: true, candidates: 2, added: 0 });
    const { rows } = await database.pool.query<{ host: string; retired: boolean; due: boolean }>(
      `SELECT host, retired_at IS NOT NULL AS retired, next_check_at <= now() AS due
       FROM proxies ORDER BY host`,
    );
    expect(rows).toEqual([
      // Retired a day ago: the list still carries it, which says nothing new.
      { host: "192.0.2.2", retired: true, due: false },
      // Retired four days ago and listed again: it gets a fresh start.
      { host: "192.0.2.3", retired: false, due: true },
    ]);
  });
});
