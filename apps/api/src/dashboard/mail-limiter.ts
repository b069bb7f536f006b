import type { RedisClient } from "@sieve/core";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** Mails one recipient address may be sent in an hour (sign-up, resend, reset). */
const PER_RECIPIENT = 3;
/** Mails one client address may cause in an hour, whatever the recipients. */
const PER_CLIENT = 20;
const WINDOW_SECONDS = 3600;

/**
 * Keeps the dashboard from being used to flood a mailbox, or our SMTP relay, with verification
 * and reset mails: each send spends a point of its recipient and of the client that asked.
 */
export function createMailLimiter(deps: { redis: RedisClient; keyPrefix: string }) {
  const make = (name: string, points: number) => {
    const options = { points, duration: WINDOW_SECONDS, keyPrefix: `${deps.keyPrefix}:mail-${name}` };
    return new RateLimiterRedis({
      ...options,
      storeClient: deps.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  };
  const byRecipient = make("recipient", PER_RECIPIENT);
  const byClient = make("client", PER_CLIENT);

  const spend = async (limiter: RateLimiterRedis, key: string): Promise<number> => {
    try {
      await limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  };

  return {
    /** Seconds to wait before another mail may be caused from this client, or 0 (and spent). */
    async client(ip: string): Promise<number> {
      return spend(byClient, ip);
    },
    /** Whether a mail may go to this address now (spending a point when it may). */
    async recipient(email: unknown): Promise<boolean> {
      const key = typeof email === "string" ? email.trim().toLowerCase() : "";
      return (await spend(byRecipient, key)) === 0;
    },
  };
}
export type MailLimiter = ReturnType<typeof createMailLimiter>;
