import { join } from "node:path";
import { parseRedisUrl } from "@sieve/vocabulary";
import { redisProblem } from "../preflight.ts";
import { redisServerOnPath, startLocalRedis } from "./local-redis.ts";
import type { Supervisor } from "./supervisor.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The port of a Redis `pnpm start` may run itself for `url`: on loopback, without credentials. */
export function localRedisPort(url: string): number | undefined {
  // A Redis Cluster is the operator's to run.
  if (parseRedisUrl(url).cluster) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== "redis:" || !LOOPBACK.has(parsed.hostname)) return undefined;
  if (parsed.username || parsed.password) return undefined;
  return Number(parsed.port || 6379);
}

/**
 * Makes sure a Redis answers at `redisUrl`: the one already there, or one started here with its
 * data and config in `<data dir>/redis`. Returns the one line that says why neither can be had.
 */
export async function redisForStart(options: {
  redisUrl: string;
  dataDir: string;
  supervisor: Supervisor;
}): Promise<string | undefined> {
  const port = localRedisPort(options.redisUrl);
  const canRun = port !== undefined && redisServerOnPath();
  const hint =
    port === undefined
      ? "start it, or check REDIS_URL"
      : "install redis-server (Debian: apt-get install redis-server) and pnpm start runs one itself, or set REDIS_URL to a running Redis";
  const problem = await redisProblem(options.redisUrl, hint);
  if (problem === undefined || !canRun) return problem;
  const dir = join(options.dataDir, "redis");
  console.log(`starting Redis on 127.0.0.1:${port} (data in ${dir})`);
  options.supervisor.addService(await startLocalRedis({ dir, port }));
  return undefined;
}
