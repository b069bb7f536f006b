import { ingestCandidates } from "@sieve/core";
import {
  claimKeyPrefix,
  startVerifiedListWorker,
  type TestVerifiedListWorker,
  test,
  waitFor,
} from "@sieve/test-support";
import { afterAll, describe, expect } from "vitest";

const PROXIES = 600;
const queuePrefix = claimKeyPrefix("verified-list");
let workers: TestVerifiedListWorker[] = [];

test.beforeAll(async ({ database }) => {
  // Distinct loopback addresses on a closed port: each probe is refused at once.
  const candidates = Array.from({ length: PROXIES }, (_, index) => ({
    host: `127.99.${Math.floor(index / 250)}.${(index % 250) + 1}`,
    port: 9,
    protocol: "http" as const,
  }));
  await ingestCandidates(database.pool, { pool: "public", sourceId: null }, candidates);
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
});

describe("two workers running the scheduler", { timeout: 60_000 }, () => {
  test("check every due proxy exactly once between them", async ({ database, judge }) => {
    const env = {
      VERIFIED_CHECKS_PER_SECOND: "400",
      VERIFIED_BATCH_SIZE: "10",
      VERIFIED_RETRY_SECONDS: "3600",
    };
    workers = await Promise.all([
      startVerifiedListWorker({ database, judge, queuePrefix, env }),
      startVerifiedListWorker({ database, judge, queuePrefix, env }),
    ]);

    await waitFor(async () => {
      const { rows } = await database.pool.query(
        "SELECT count(*)::int AS pending FROM proxies WHERE checked_at IS NULL OR claimed_due_at IS NOT NULL",
      );
      return rows[0].pending === 0;
    });

    const probes = workers.flatMap((worker) => worker.probes);
    const perProxy = new Map<string, number>();
    for (const address of probes) perProxy.set(address, (perProxy.get(address) ?? 0) + 1);
    expect(perProxy.size).toBe(PROXIES);
    expect([...perProxy.values()].filter((count) => count !== 1)).toEqual([]);
    for (const worker of workers) expect(worker.probes.length).toBeGreaterThan(0);
    const { rows } = await database.pool.query(
      "SELECT count(*)::int AS failed FROM proxies WHERE consecutive_failures = 1 AND NOT alive",
    );
    expect(rows[0].failed).toBe(PROXIES);
  });
});
