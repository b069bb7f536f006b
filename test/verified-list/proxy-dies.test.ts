import { randomBytes } from "node:crypto";
import { ingestCandidates } from "@sieve/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount } from "../support/accounts.ts";
import { startTestApi, type TestApi } from "../support/api-server.ts";
import { createPrivateDatabase, type PrivateDatabase } from "../support/databases.ts";
import { type RunningJudge, startJudge } from "../support/judge-server.ts";
import { type RunningProxy, startMicrosocks } from "../support/proxy-servers.ts";
import {
  eventually,
  removeQueueKeys,
  startVerifiedListWorker,
  type TestVerifiedListWorker,
} from "../support/verified-list-worker.ts";

interface Row {
  alive: boolean;
  uptime_score: number;
  uptime_successes: number;
  uptime_weight: number;
  checked_at: Date | null;
  last_success_at: Date | null;
  consecutive_failures: number;
  retired_at: Date | null;
}

const LIVE_INTERVAL_S = 2;
const HALF_LIFE_S = 4;
const queuePrefix = `test-vl-${randomBytes(6).toString("hex")}`;
let database: PrivateDatabase;
let judge: RunningJudge;
let api: TestApi;
let proxy: RunningProxy;
let worker: TestVerifiedListWorker;

const readRow = async (): Promise<Row> =>
  (
    await database.pool.query<Row>(
      `SELECT alive, uptime_score, uptime_successes, uptime_weight, checked_at, last_success_at,
              consecutive_failures, retired_at FROM proxies`,
    )
  ).rows[0]!;

beforeAll(async () => {
  [database, judge, proxy] = await Promise.all([createPrivateDatabase(), startJudge(), startMicrosocks()]);
  await ingestCandidates(database.pool, { pool: "public", sourceId: null }, [
    { host: "127.0.0.1", port: proxy.port, protocol: "socks5" },
  ]);
  api = await startTestApi(database, { LIST_META_TTL_MS: "0" });
  worker = await startVerifiedListWorker({
    database,
    judge,
    queuePrefix,
    env: {
      VERIFIED_LIVE_INTERVAL_SECONDS: String(LIVE_INTERVAL_S),
      VERIFIED_RETRY_SECONDS: "0.5",
      VERIFIED_DEAD_INTERVAL_SECONDS: "1",
      VERIFIED_RETIRE_AFTER_SECONDS: "4",
      VERIFIED_SCORE_HALF_LIFE_SECONDS: String(HALF_LIFE_S),
    },
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await removeQueueKeys(queuePrefix);
  await api?.close();
  await proxy?.stop();
  await judge?.stop();
  await database?.drop();
});

describe("a proxy that dies", { timeout: 60_000 }, () => {
  it("drops out at its next scheduled check, its score decays by the formula, and it is retired", async () => {
    const account = await createTestAccount(database.prisma);
    const servedTotal = async () =>
      ((await (await api.get("/api/v1/api/proxies", account.key)).json()) as { total: number }).total;

    const live = await eventually(async () => {
      const row = await readRow();
      return row.alive ? row : undefined;
    });
    expect(live.uptime_score).toBe(1);
    expect(await servedTotal()).toBe(1);

    await proxy.stop();
    const lastLive = await readRow();
    const dead = await eventually(async () => {
      const row = await readRow();
      return row.alive ? undefined : row;
    });

    // The failure is the first check after the last success, made when it was due, not before.
    expect(dead.consecutive_failures).toBe(1);
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

    const retired = await eventually(async () => {
      const row = await readRow();
      return row.retired_at ? row : undefined;
    });
    expect(retired.consecutive_failures).toBeGreaterThan(1);
    expect(retired.uptime_score).toBeLessThan(dead.uptime_score);
    expect(retired.retired_at!.getTime() - lastLive.checked_at!.getTime()).toBeGreaterThanOrEqual(4000);
  });
});
