import { claimKeyPrefix, startTestApi, test } from "@sieve/test-support";
import { interfaceAddresses } from "@sieve/vocabulary";
import { describe, expect } from "vitest";

const ownInterfaces = interfaceAddresses().filter((address) => !/^(127\.|::1$)/.test(address));

describe("the effective target-guard policy, logged once at start", () => {
  test("by the API: guarded ranges, allow, deny and this machine's interface addresses", async ({
    database,
  }) => {
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

  test("by the worker, whose guard is the one its prober and verified list dial through", async ({
    database,
    judge,
    workerProcesses,
  }) => {
    const worker = await workerProcesses.start({
      databaseUrl: database.url,
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
