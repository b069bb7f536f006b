import { spawn, spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { redisAnswersPing } from "@sieve/core";
import { type LocalService, serviceOf, sleep } from "./local-service.ts";

/** True when `redis-server` can be run from the PATH. */
export function redisServerOnPath(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * The config of the Redis `pnpm start` runs. Kept in a file beside the data, so the settings BullMQ
 * needs hold at every restart: AOF on (a restart loses at most a second of queue state) and
 * `noeviction` (an evicting Redis drops queued jobs and their locks).
 */
export function localRedisConfig(dir: string, port: number): string {
  return [
    "# Written by pnpm start (apps/cli/src/local/local-redis.ts) for this checkout.",
    // `-::1`: IPv6 loopback too where the machine has it, for REDIS_URL=redis://localhost.
    "bind 127.0.0.1 -::1",
    `port ${port}`,
    "protected-mode yes",
    "daemonize no",
    `dir "${dir}"`,
    'logfile "redis.log"',
    "appendonly yes",
    "appendfsync everysec",
    'save ""',
    "maxmemory-policy noeviction",
    "",
  ].join("\n");
}

/** Runs redis-server on 127.0.0.1:`port` with its data and config in `dir`, until stopped. */
export async function startLocalRedis(options: { dir: string; port: number }): Promise<LocalService> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const configFile = join(options.dir, "redis.conf");
  await writeFile(configFile, localRedisConfig(options.dir, options.port), { mode: 0o600 });
  // Its own process group: a Ctrl-C in the terminal must not stop it before the worker is done with it.
  const child = spawn("redis-server", [configFile], {
    cwd: options.dir,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // SIGTERM: Redis flushes its AOF and exits.
  const service = serviceOf("redis", child, "SIGTERM");
  for (let waited = 0; waited < 20_000 && child.exitCode === null; waited += 100) {
    if (await redisAnswersPing(options.port)) return service;
    await sleep(100);
  }
  await service.stop();
  throw new Error(
    `redis-server did not start on 127.0.0.1:${options.port} (see ${join(options.dir, "redis.log")}) ${stderr.trim()}`,
  );
}
