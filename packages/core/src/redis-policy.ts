import { once } from "node:events";
import { Cluster, type Redis } from "ioredis";
import type { Logger } from "./logger.ts";
import type { RedisClient } from "./redis.ts";

/** What the start-up check found: a refusal stops the process; warnings are logged and it goes on. */
export interface RedisPolicyFindings {
  /** One line saying why this Redis must not be used, or undefined when it may. */
  refusal: string | undefined;
  warnings: string[];
}

type Setting = { value: string } | { refused: string };

/** Reads one setting, or why it could not be read (managed services often rename or block CONFIG). */
async function configValue(redis: Redis, name: string): Promise<Setting> {
  try {
    const reply = (await redis.config("GET", name)) as unknown;
    if (Array.isArray(reply) && reply.length >= 2) return { value: String(reply[1]) };
    return { refused: "no such setting" };
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
}

/** Producers do not queue commands while connecting, so the check waits for the connection first. */
async function untilReady(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return;
  await Promise.race([
    once(redis, "ready"),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}

/**
 * The servers whose settings count: the one server, or every master of a cluster (each holds
 * some of the slots, so one evicting master loses the jobs that hash to it).
 */
function serversOf(redis: RedisClient): { name: string; server: Redis }[] {
  if (!(redis instanceof Cluster)) return [{ name: "Redis", server: redis }];
  return redis
    .nodes("master")
    .map((server) => ({ name: `Redis ${server.options.host}:${server.options.port}`, server }));
}

/**
 * Queues, locks and counters live in Redis: a policy that evicts keys under memory pressure would
 * silently drop jobs or their locks, so anything but `noeviction` is refused unless the operator
 * says otherwise. Without AOF a Redis restart loses every job enqueued since the last snapshot.
 * On a Redis Cluster every master is checked.
 */
export async function checkRedisPolicy(
  redis: RedisClient,
  options: { allowEviction: boolean; readyTimeoutMs?: number },
): Promise<RedisPolicyFindings> {
  await untilReady(redis, options.readyTimeoutMs ?? 5_000);
  const warnings: string[] = [];
  const refusals: string[] = [];
  for (const { name, server } of serversOf(redis)) {
    const policy = await configValue(server, "maxmemory-policy");
    if ("refused" in policy) {
      warnings.push(
        `could not read ${name} maxmemory-policy (${policy.refused}); make sure it is noeviction, or queued jobs may be evicted`,
      );
    } else if (policy.value !== "noeviction") {
      const message = `${name} maxmemory-policy is ${policy.value}, which may evict queued jobs and their locks: set it to noeviction`;
      if (options.allowEviction) warnings.push(`${message} (running anyway: REDIS_ALLOW_EVICTION=true)`);
      else refusals.push(message);
    }
    const appendOnly = await configValue(server, "appendonly");
    if ("value" in appendOnly && appendOnly.value === "no") {
      warnings.push(
        `${name} appendonly is off: a Redis restart loses the jobs queued since its last snapshot`,
      );
    }
  }
  const refusal =
    refusals.length === 0
      ? undefined
      : `${refusals.join("; ")}, or set REDIS_ALLOW_EVICTION=true to run anyway`;
  return { refusal, warnings };
}

/** Logs the warnings and returns the refusal, for an app to print and exit on. */
export async function vetRedis(
  redis: RedisClient,
  options: { allowEviction: boolean; logger: Logger },
): Promise<string | undefined> {
  const findings = await checkRedisPolicy(redis, options);
  for (const warning of findings.warnings) options.logger.warn(warning);
  return findings.refusal;
}
