import type { RedisClient } from "@sieve/core";
import { type RateCategory, rateCategories, type Tier } from "@sieve/core";
import { RateLimiterRedis } from "rate-limiter-flexible";
import type { RateLimitTable } from "./rate-limits.ts";

export interface RateLimitUsage {
  category: RateCategory;
  limit: number;
  window_seconds: number;
  remaining: number;
  reset_at: string;
}

/**
 * Reads an identity's counters without spending them, from the same Redis keys the limiter of
 * `rate-limits.ts` writes (same prefix, one counter per category shared by both tiers).
 */
export function createRateLimitPeek(deps: { redis: RedisClient; table: RateLimitTable; keyPrefix?: string }) {
  const readers = new Map<RateCategory, RateLimiterRedis>(
    rateCategories.map((category) => [
      category,
      new RateLimiterRedis({
        storeClient: deps.redis,
        points: 1,
        duration: deps.table[category].windowSeconds,
        keyPrefix: `${deps.keyPrefix ?? "rl"}:${category}`,
      }),
    ]),
  );
  return async (tier: Tier, identity: string, now = Date.now()): Promise<RateLimitUsage[]> =>
    Promise.all(
      rateCategories.map(async (category) => {
        const row = deps.table[category];
        const state = await readers.get(category)!.get(identity);
        const consumed = state?.consumedPoints ?? 0;
        const resetMs = state ? state.msBeforeNext : row.windowSeconds * 1000;
        return {
          category,
          limit: row[tier],
          window_seconds: row.windowSeconds,
          remaining: Math.max(0, row[tier] - consumed),
          reset_at: new Date(now + resetMs).toISOString(),
        };
      }),
    );
}
export type RateLimitPeek = ReturnType<typeof createRateLimitPeek>;
