import { once } from "node:events";
import type { Redis } from "ioredis";
import type { Logger } from "./logger.ts";

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
async function untilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return;
  await Promise.race([
    once(redis, "ready"),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}

/**
 * Queues, locks and counters live in Redis: a policy that evicts keys under memory pressure would
 * silently drop jobs or their locks, so anything but `noeviction` is refused unless the operator
 * says otherwise. Without AOF a Redis restart loses every job enqueued since the last snapshot.
 */
export async function checkRedisPolicy(
  redis: Redis,
  options: { allowEviction: boolean; readyTimeoutMs?: number },
): Promise<RedisPolicyFindings> {
  await untilReady(redis, options.readyTimeoutMs ?? 5_000);
  const warnings: string[] = [];
  let refusal: string | undefined;
  const policy = await configValue(redis, "maxmemory-policy");
  if ("refused" in policy) {
    warnings.push(
      `could not read Redis maxmemory-policy (${policy.refused}); make sure it is noeviction, or queued jobs may be evicted`,
    );
  } else if (policy.value !== "noeviction") {
    const message = `Redis maxmemory-policy is ${policy.value}, which may evict queued jobs and their locks: set it to noeviction`;
    if (options.allowEviction) warnings.push(`${message} (running anyway: REDIS_ALLOW_EVICTION=true)`);
    else refusal = `${message}, or set REDIS_ALLOW_EVICTION=true to run anyway`;
  }
  const appendOnly = await configValue(redis, "appendonly");
  if ("value" in appendOnly && appendOnly.value === "no") {
    warnings.push("Redis appendonly is off: a Redis restart loses the jobs queued since its last snapshot");
  }
  return { refusal, warnings };
}

/** Logs the warnings and returns the refusal, for an app to print and exit on. */
export async function vetRedis(
  redis: Redis,
  options: { allowEviction: boolean; logger: Logger },
): Promise<string | undefined> {
  const findings = await checkRedisPolicy(redis, options);
  for (const warning of findings.warnings) options.logger.warn(warning);
  return findings.refusal;
}
