import { describe, expect, it } from "vitest";
import { localRedisConfig } from "../src/local/local-redis.ts";
import { wantsEmbeddedPostgres } from "../src/local/postgres-for-start.ts";
import { localRedisPort } from "../src/local/redis-for-start.ts";

const answering = async () => true;
const silent = async () => false;

describe("whether pnpm start runs its own PostgreSQL", () => {
  it.each([
    { mode: "auto", databaseUrlSet: false, clusterExists: false, defaultAnswers: silent, embedded: true },
    { mode: "auto", databaseUrlSet: false, clusterExists: false, defaultAnswers: answering, embedded: false },
    // Its data is kept: a PostgreSQL installed later at the default address does not hide it.
    { mode: "auto", databaseUrlSet: false, clusterExists: true, defaultAnswers: answering, embedded: true },
    { mode: "auto", databaseUrlSet: true, clusterExists: true, defaultAnswers: silent, embedded: false },
    { mode: "true", databaseUrlSet: false, clusterExists: false, defaultAnswers: answering, embedded: true },
    { mode: "false", databaseUrlSet: false, clusterExists: true, defaultAnswers: silent, embedded: false },
  ] as const)(
    "mode $mode, DATABASE_URL set $databaseUrlSet, data $clusterExists: $embedded",
    async (input) => {
      expect(await wantsEmbeddedPostgres(input)).toBe(input.embedded);
    },
  );

  it("refuses SIEVE_EMBEDDED_POSTGRES=true beside a DATABASE_URL", async () => {
    await expect(
      wantsEmbeddedPostgres({
        mode: "true",
        databaseUrlSet: true,
        clusterExists: false,
        defaultAnswers: silent,
      }),
    ).rejects.toThrow(/DATABASE_URL must be unset/);
  });
});

describe("the Redis pnpm start may run itself", () => {
  it("is one on loopback without credentials, on the URL's port", () => {
    expect(localRedisPort("redis://127.0.0.1:6379")).toBe(6379);
    expect(localRedisPort("redis://localhost")).toBe(6379);
    expect(localRedisPort("redis://127.0.0.1:7001/2")).toBe(7001);
    expect(localRedisPort("redis://192.0.2.10:6379")).toBeUndefined();
    expect(localRedisPort("redis://:secret@127.0.0.1:6379")).toBeUndefined();
    expect(localRedisPort("rediss://127.0.0.1:6379")).toBeUndefined();
  });

  it("keeps AOF and noeviction in its config file, so they hold at every restart", () => {
    const config = localRedisConfig("/data/redis", 7001);

    expect(config).toMatch(/^appendonly yes$/m);
    expect(config).toMatch(/^maxmemory-policy noeviction$/m);
    expect(config).toMatch(/^port 7001$/m);
    expect(config).toMatch(/^bind 127\.0\.0\.1/m);
    expect(config).toMatch(/^dir "\/data\/redis"$/m);
  });
});
