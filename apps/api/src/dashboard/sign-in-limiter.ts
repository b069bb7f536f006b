import type { RedisClient } from "@sieve/core";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from "rate-limiter-flexible";

export interface SignInLimits {
  /** Failed sign-ins allowed per email address in `accountWindowSeconds`. */
  perAccount: number;
  accountWindowSeconds: number;
  /** Failed sign-ins allowed per client address in `ipWindowSeconds`. */
  perIp: number;
  ipWindowSeconds: number;
}

/**
 * Counts failed sign-ins per email address (slows guessing one account's password from many
 * addresses) and per client address (slows trying many accounts from one). Keyed by the email as
 * typed, lower-cased, whether or not an account has it, so the limit tells nothing either.
 */
export function createSignInLimiter(deps: { redis: RedisClient; keyPrefix: string; limits: SignInLimits }) {
  const make = (name: string, points: number, duration: number) => {
    const options = { points, duration, keyPrefix: `${deps.keyPrefix}:signin-${name}` };
    return new RateLimiterRedis({
      ...options,
      storeClient: deps.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  };
  const byAccount = make("account", deps.limits.perAccount, deps.limits.accountWindowSeconds);
  const byIp = make("ip", deps.limits.perIp, deps.limits.ipWindowSeconds);
  const accountKey = (email: unknown) => (typeof email === "string" ? email.trim().toLowerCase() : "");

  const blockedFor = (limiter: RateLimiterRedis, state: RateLimiterRes | null) =>
    state && state.consumedPoints >= limiter.points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;

  return {
    /** Seconds until a sign-in may be tried again, or 0 when it may be tried now. */
    async retryAfter(email: unknown, ip: string): Promise<number> {
      const [account, address] = await Promise.all([byAccount.get(accountKey(email)), byIp.get(ip)]);
      return Math.max(blockedFor(byAccount, account), blockedFor(byIp, address));
    },

    async recordFailure(email: unknown, ip: string): Promise<void> {
      // Penalty, not consume: it never rejects, it only counts.
      await Promise.all([byAccount.penalty(accountKey(email)), byIp.penalty(ip)]);
    },

    /** A right password clears the account's count (not the address's: that limits spraying). */
    async recordSuccess(email: unknown): Promise<void> {
      await byAccount.delete(accountKey(email));
    },
  };
}
export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
