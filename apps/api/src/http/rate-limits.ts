import type { RateCategory, RedisClient, Tier } from "@sieve/core";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { ApiConfig } from "../config.ts";

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
  windowSeconds: number;
}

export type RateLimitTable = Record<RateCategory, { windowSeconds: number } & Record<Tier, number>>;

export function rateLimitTableFrom(config: ApiConfig): RateLimitTable {
  return {
    api_read: {
      windowSeconds: 60,
      free: config.RATE_LIMIT_API_READ_FREE,
      premium: config.RATE_LIMIT_API_READ_PREMIUM,
    },
    api_check: {
      windowSeconds: 3600,
      free: config.RATE_LIMIT_API_CHECK_FREE,
      premium: config.RATE_LIMIT_API_CHECK_PREMIUM,
    },
    api_export: {
      windowSeconds: 3600,
      free: config.RATE_LIMIT_API_EXPORT_FREE,
      premium: config.RATE_LIMIT_API_EXPORT_PREMIUM,
    },
  };
}

export type RateLimiter = (category: RateCategory, tier: Tier, keyId: string) => Promise<RateDecision>;

/**
 * Per-key, per-category limits counted atomically in Redis, so they hold across replicas and
 * under concurrent requests. Both tiers share one counter per category, so an upgrade mid-window
 * simply raises the ceiling. When Redis is unreachable each replica falls back to counting in
 * memory: reads keep working, still limited.
 */
export function createRateLimiter(deps: {
  redis: RedisClient;
  table: RateLimitTable;
  keyPrefix?: string;
}): RateLimiter {
  const limiters = new Map<string, RateLimiterRedis>();
  for (const [category, row] of Object.entries(deps.table) as [
    RateCategory,
    RateLimitTable[RateCategory],
  ][]) {
    for (const tier of ["free", "premium"] as const) {
      const options = {
        points: row[tier],
        duration: row.windowSeconds,
        keyPrefix: `${deps.keyPrefix ?? "rl"}:${category}`,
      };
      limiters.set(
        `${category}:${tier}`,
        new RateLimiterRedis({
          ...options,
          storeClient: deps.redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        }),
      );
    }
  }

  return async (category, tier, keyId) => {
    const limiter = limiters.get(`${category}:${tier}`)!;
    try {
      const result = await limiter.consume(keyId);
      return decision(true, limiter, result);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return decision(false, limiter, rejection);
      throw rejection;
    }
  };
}

function decision(allowed: boolean, limiter: RateLimiterRedis, result: RateLimiterRes): RateDecision {
  return {
    allowed,
    limit: limiter.points,
    windowSeconds: limiter.duration,
    remaining: Math.max(0, result.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
  };
}
