import { ingestCandidates } from "@sieve/core";
import {
  createTestAccount,
  type PrivateDatabase,
  serviceFixture,
  test as sieveTest,
  startMicrosocks,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";

interface Row {
  alive: boolean;
  uptime_score: number;
  uptime_successes: number;
  uptime_weight: number;
  checked_at: Date | null;
  last_success_at: Date | null;
  consecutive_failures: number;
  retired_at: Date | null;
  checks: number;
  protocols: string[];
  exit_ip: string | null;
  exit_differs: boolean;
}

const LIVE_INTERVAL_S = 2;
const HALF_LIFE_S = 4;
const readRow = async (database: PrivateDatabase): Promise<Row> =>
  (
    await database.pool.query<Row>(
      `SELECT alive, uptime_score, uptime_successes, uptime_weight, checked_at, last_success_at,
              consecutive_failures, retired_at, checks, protocols::text[] AS protocols, exit_ip,
              exit_differs FROM proxies`,
    )
  ).rows[0]!;

const test = sieveTest.extend(
  "proxy",
  { scope: "file" },
  serviceFixture(() => startMicrosocks()),
);
test.override("apiEnv", { LIST_META_TTL_MS: "0" });
test.override("listWorkerEnv", {
  VERIFIED_LIVE_INTERVAL_SECONDS: String(LIVE_INTERVAL_S),
  VERIFIED_RETRY_SECONDS: "0.5",
  VERIFIED_DEAD_INTERVAL_SECONDS: "1",
  VERIFIED_RETIRE_AFTER_SECONDS: "4",
  VERIFIED_SCORE_HALF_LIFE_SECONDS: String(HALF_LIFE_S),
});
test.beforeAll(async ({ database, proxy }) => {
  await ingestCandidates(database.pool, { pool: "public", sourceId: null }, [
    { host: "127.0.0.1", port: proxy.port, protocol: "socks5" },
  ]);
}, 60_000);

describe("a proxy that dies", { timeout: 60_000 }, () => {
  test("drops out at its next scheduled check, its score decays by the formula, and it is retired", async ({
    api,
    database,
    proxy,
    listWorker: _listWorker,
  }) => {
    const account = await createTestAccount(database.prisma);
    const servedTotal = async () =>
      ((await (await api.get("/api/v1/api/proxies", account.key)).json()) as { total: number }).total;

    const live = await waitFor(async () => {
      const row = await readRow(database);
      return row.alive ? row : undefined;
    });
    expect(live.uptime_score).toBe(1);
    expect(await servedTotal()).toBe(1);

    await proxy.stop();
    const lastLive = await readRow(database);
    const dead = await waitFor(async () => {
      const row = await readRow(database);
      return row.alive ? undefined : row;
    });

    // The failure is the first check after the last success, made when it was due, not before.
    expect(dead.consecutive_failures).toBe(1);
    // Every check is counted; a failed one keeps what the last success found.
    expect(dead.checks).toBe(lastLive.checks + 1);
    expect(lastLive).toMatchObject({ protocols: ["socks5"], exit_ip: proxy.exitAddress, exit_differs: true });
    expect(dead).toMatchObject({ protocols: ["socks5"], exit_ip: proxy.exitAddress, exit_differs: true });
    expect(dead.last_success_at).toEqual(lastLive.checked_at);
    const elapsedMs = dead.checked_at!.getTime() - lastLive.checked_at!.getTime();
    expect(elapsedMs).toBeGreaterThanOrEqual(LIVE_INTERVAL_S * 1000);
    // S' = S·2^(−Δ/H), W' = W·2^(−Δ/H) + 1, score = S'/W'.
    const decay = 2 ** (-elapsedMs / (HALF_LIFE_S * 1000));
    expect(dead.uptime_successes).toBeCloseTo(lastLive.uptime_successes * decay, 9);
    expect(dead.uptime_weight).toBeCloseTo(lastLive.uptime_weight * decay + 1, 9);
    expect(dead.uptime_score).toBeCloseTo(dead.uptime_successes / dead.uptime_weight, 6);
    expect(dead.uptime_score).toBeLessThan(1);
    expect(await servedTotal()).toBe(0);

    const retired = await waitFor(async () => {
      const row = await readRow(database);
      return row.retired_at ? row : undefined;
    });
    expect(retired.consecutive_failures).toBeGreaterThan(1);
    expect(retired.uptime_score).toBeLessThan(dead.uptime_score);
    expect(retired.retired_at!.getTime() - lastLive.checked_at!.getTime()).toBeGreaterThanOrEqual(4000);
  });
});
