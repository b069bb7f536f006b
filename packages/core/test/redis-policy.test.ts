import { type ChildProcess, spawn } from "node:child_process";
import { checkRedisPolicy, createRedis, type RedisClient } from "@sieve/core";
import { type PrivateRedis, startPrivateRedis, TEST_CREDENTIALS_KEY } from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = new URL("../../..", import.meta.url).pathname;

/** Runs an app's real entry point against `redisUrl` and collects what it printed until it exits or `untilLog`. */
function runApp(
  entry: string,
  env: Record<string, string>,
  untilLog?: string,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", `${repoRoot}${entry}`], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: "info", CREDENTIALS_KEY: TEST_CREDENTIALS_KEY, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${entry} neither exited nor logged in time: ${stdout}${stderr}`));
    }, 25_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilLog && stdout.includes(untilLog)) child.kill("SIGTERM");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe("the Redis policy check at start", () => {
  let evicting: PrivateRedis;
  let noConfig: PrivateRedis;
  let safe: PrivateRedis;
  const clients: RedisClient[] = [];
  const client = (url: string) => {
    const redis = createRedis(url, { role: "producer" });
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    [evicting, noConfig, safe] = await Promise.all([
      startPrivateRedis({ args: ["--maxmemory-policy", "allkeys-lru"] }),
      // Managed services often disable CONFIG; renaming it to "" does the same here.
      startPrivateRedis({ args: ["--rename-command", "CONFIG", ""] }),
      startPrivateRedis({ args: ["--appendonly", "yes", "--dir", "/tmp"] }),
    ]);
  });
  afterAll(async () => {
    for (const redis of clients) redis.disconnect();
    await Promise.all([evicting?.stop(), noConfig?.stop(), safe?.stop()]);
  });

  it("refuses an evicting maxmemory-policy with one line naming it and the override", async () => {
    const findings = await checkRedisPolicy(client(evicting.url), { allowEviction: false });

    expect(findings.refusal).toMatch(/maxmemory-policy is allkeys-lru/);
    expect(findings.refusal).toMatch(/REDIS_ALLOW_EVICTION=true/);
    expect(findings.refusal).not.toMatch(/\n/);
  });

  it("only warns about an evicting policy when the override is set, and warns that AOF is off", async () => {
    const findings = await checkRedisPolicy(client(evicting.url), { allowEviction: true });

    expect(findings.refusal).toBeUndefined();
    expect(findings.warnings).toEqual([
      expect.stringMatching(/allkeys-lru.*REDIS_ALLOW_EVICTION/),
      expect.stringMatching(/appendonly is off/),
    ]);
  });

  it("warns, without refusing, when Redis refuses CONFIG", async () => {
    const findings = await checkRedisPolicy(client(noConfig.url), { allowEviction: false });

    expect(findings.refusal).toBeUndefined();
    expect(findings.warnings).toEqual([expect.stringMatching(/could not read Redis maxmemory-policy/)]);
  });

  it("finds nothing to say about noeviction with AOF on", async () => {
    expect(await checkRedisPolicy(client(safe.url), { allowEviction: false })).toEqual({
      refusal: undefined,
      warnings: [],
    });
  });

  it("makes the API and the worker exit 1 with that line on an evicting Redis", async () => {
    const [api, worker] = await Promise.all([
      runApp("apps/api/src/main.ts", { REDIS_URL: evicting.url, PORT: "0" }),
      runApp("apps/worker/src/main.ts", {
        REDIS_URL: evicting.url,
        JUDGE_SECRET: "unused-judge-secret-0123456789",
        JUDGE_URL: "http://127.0.0.1:9/",
        JUDGE_HTTPS_URL: "https://127.0.0.1:9/",
      }),
    ]);

    for (const run of [api, worker]) {
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toMatch(
        /^Redis maxmemory-policy is allkeys-lru[^\n]*REDIS_ALLOW_EVICTION=true[^\n]*$/,
      );
    }
  });

  it("lets the API start on an evicting Redis when REDIS_ALLOW_EVICTION=true, logging a warning", async () => {
    const api = await runApp(
      "apps/api/src/main.ts",
      { REDIS_URL: evicting.url, PORT: "0", REDIS_ALLOW_EVICTION: "true" },
      "api listening",
    );

    expect(api.stdout).toMatch(/maxmemory-policy is allkeys-lru/);
    expect(api.stdout).toMatch(/api listening/);
  });
});
