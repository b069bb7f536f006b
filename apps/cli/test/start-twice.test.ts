import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@sieve/test-support";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStart, type StartProcess } from "./start-process.ts";

const serverUrl = new URL(process.env.DATABASE_URL!);
const databaseName = `sieve_test_start_${Math.random().toString(36).slice(2, 10)}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();

let dataDir: string;
let redisPort: number;
let env: Record<string, string>;
let first: StartProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "sieve-start-twice-"));
  // Nothing answers there, so pnpm start runs its own Redis, in the data folder.
  redisPort = await freePort();
  env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    PORT: String(await freePort()),
    JUDGE_HTTP_PORT: String(await freePort()),
    JUDGE_HTTPS_PORT: String(await freePort()),
    SIEVE_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
  };
  first = runStart(env);
  await first.waitForOutput("Sieve API listening at");
}, 180_000);

afterAll(async () => {
  await first?.stop();
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString(),
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(databaseName)} WITH (FORCE)`);
  await admin.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

async function redisSettings(): Promise<string[]> {
  const redis = new Redis({
    host: "127.0.0.1",
    port: redisPort,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  await redis.connect();
  try {
    return [
      ...((await redis.config("GET", "appendonly")) as string[]),
      ...((await redis.config("GET", "maxmemory-policy")) as string[]),
    ];
  } finally {
    redis.disconnect();
  }
}

describe("pnpm start where no Redis answers", { timeout: 60_000 }, () => {
  it("runs its own on REDIS_URL's port, with AOF and noeviction, its data in the data folder", async () => {
    expect(first.output()).toContain(
      `starting Redis on 127.0.0.1:${redisPort} (data in ${join(dataDir, "redis")})`,
    );
    expect(await redisSettings()).toEqual(["appendonly", "yes", "maxmemory-policy", "noeviction"]);
    expect(existsSync(join(dataDir, "redis", "redis.conf"))).toBe(true);
  });
});

describe("a second pnpm start while one runs", { timeout: 120_000 }, () => {
  it("says Sieve is already running, names the running one's pid, and exits 1", async () => {
    const second = runStart(env);

    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(new RegExp(`already running from this checkout \\(pid ${first.pid}\\b`));
    expect(second.output()).not.toMatch(/listening|database ready|EADDRINUSE/);
  });

  it("leaves the first one serving and its lock in place", async () => {
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);

    expect(health.status).toBe(200);
    expect(readFileSync(join(dataDir, "start.lock"), "utf8").trim()).toBe(String(first.pid));
    expect(() => process.kill(first.pid, 0)).not.toThrow();
    expect(first.output()).not.toMatch(/exited .*stopping the others/);
  });

  it("when stopped, stops the Redis it started and removes its lock, so the next start may run", async () => {
    await first.stop();

    expect(await first.exited).toBe(0);
    await expect(redisSettings()).rejects.toThrow();
    expect(existsSync(join(dataDir, "start.lock"))).toBe(false);
  });
});
