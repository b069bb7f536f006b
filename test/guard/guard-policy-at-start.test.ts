import { createDatabase, type Database } from "@sieve/core";
import {
  claimKeyPrefix,
  type RunningJudge,
  startJudge,
  startTestApi,
  startWorkerProcess,
  type WorkerProcess,
} from "@sieve/test-support";
import { interfaceAddresses } from "@sieve/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/sieve_test";
const ownInterfaces = interfaceAddresses().filter((address) => !/^(127\.|::1$)/.test(address));

describe("the effective target-guard policy, logged once at start", () => {
  let database: Database;
  let judge: RunningJudge;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    database = createDatabase({ url: databaseUrl, poolMax: 2 });
    judge = await startJudge();
  });
  afterAll(async () => {
    await worker?.stop();
    await judge?.stop();
    await database?.close();
  });

  it("by the API: guarded ranges, allow, deny and this machine's interface addresses", async () => {
    const api = await startTestApi(database, {
      CHECK_ALLOW_CIDRS: "127.0.0.0/8",
      CHECK_DENY_CIDRS: "198.51.100.0/24",
    });
    await api.close();

    const lines = api.logs.map((line) => JSON.parse(line)).filter((line) => line.message === "target guard");
    expect(lines).toEqual([
      expect.objectContaining({
        guardedRanges: expect.any(Number),
        allow: ["127.0.0.0/8"],
        deny: ["198.51.100.0/24"],
        ownAddresses: expect.arrayContaining(ownInterfaces),
      }),
    ]);
  });

  it("by the worker, whose guard is the one its prober and verified list dial through", async () => {
    worker = await startWorkerProcess({
      databaseUrl,
      queuePrefix: claimKeyPrefix("queue"),
      judge,
      env: { CHECK_DENY_CIDRS: "203.0.113.0/24" },
    });

    const lines = worker.logs.filter((line) => line.message === "target guard");
    expect(lines).toEqual([
      expect.objectContaining({
        allow: ["127.0.0.0/8"],
        deny: ["203.0.113.0/24"],
        ownAddresses: expect.arrayContaining(ownInterfaces),
      }),
    ]);
  });
});
