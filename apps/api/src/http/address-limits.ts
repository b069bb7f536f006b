import type { RedisClient } from "@sieve/core";
import { SieveError } from "@sieve/vocabulary";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface AddressLimits {
  /** Counts one request of an address before anything else is done for it; throws a 429 past the limit. */
  admit(group: string): Promise<void>;
  /** Throws a 429 when the address has failed authentication too often, before any key is looked up. */
  refuseIfLockedOut(group: string): Promise<void>;
  /** Records one failed authentication of the address. */
  recordFailure(group: string): Promise<void>;
}

// Failed authentications are counted over this window.
const FAILURE_WINDOW_SECONDS = 15 * 60;

function limiter(redis: RedisClient, keyPrefix: string, points: number, duration: number) {
  const options = { points, duration, keyPrefix };
  return new RateLimiterRedis({
    ...options,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

function tooMany(message: string, msBeforeNext: number): SieveError {
  return new SieveError("rate_limited", message, {
    retry_after: Math.max(1, Math.ceil(msBeforeNext / 1000)),
  });
}

/**
 * Limits by client address in front of authentication, so requests with made-up keys cost a
 * bounded number of key lookups: every request counts against `perMinute`, and once an address
 * has failed authentication `failures` times in 15 minutes it is refused before any lookup.
 */
export function createAddressLimits(deps: {
  redis: RedisClient;
  keyPrefix: string;
  perMinute: number;
  failures: number;
}): AddressLimits {
  const requests = limiter(deps.redis, `${deps.keyPrefix}:ip`, deps.perMinute, 60);
  const failures = limiter(deps.redis, `${deps.keyPrefix}:auth-fail`, deps.failures, FAILURE_WINDOW_SECONDS);
  return {
    async admit(group) {
      try {
        await requests.consume(group);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw tooMany("too many requests from your address: retry later", rejection.msBeforeNext);
      }
    },
    async refuseIfLockedOut(group) {
      // The limiter's own get() is a MULTI of GET and PTTL on every request; a plain GET of its
      // counter says the same, and the time left is asked for only when the address is locked out.
      const key = failures.getKey(group);
      let consumed: number;
      try {
        consumed = Number((await deps.redis.get(key)) ?? 0);
      } catch {
        // Without Redis the lockout is not known; the per-minute limit still holds through its insurance.
        const state = await failures.get(group).catch(() => null);
        if (state && state.consumedPoints >= deps.failures) {
          throw tooMany("too many failed authentications from your address: retry later", state.msBeforeNext);
        }
        return;
      }
      if (consumed >= deps.failures) {
        const msLeft = await deps.redis.pttl(key).catch(() => FAILURE_WINDOW_SECONDS * 1000);
        throw tooMany("too many failed authentications from your address: retry later", msLeft);
      }
    },
    async recordFailure(group) {
      await failures.penalty(group, 1).catch(() => {});
    },
  };
}
