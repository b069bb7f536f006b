import type { Prober } from "@sieve/probe";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RedisClient } from "../redis.ts";

/** Waits until the fleet may start another probe at a destination address. */
export interface DestinationPacer {
  wait(host: string): Promise<void>;
}

/**
 * A token bucket per destination address, kept in Redis so that every worker of the fleet draws
 * from the same one: many jobs (of many accounts) naming one host start at most `perSecond`
 * probes at it each second, however many workers run them. A probe that finds the bucket empty
 * waits for the next token rather than failing, so a residential gateway with thousands of ports
 * on one host is still checked in full, only spread out. Should Redis be unreachable, each
 * worker paces on its own in memory until it returns.
 */
export function createDestinationPacer(deps: {
  redis: RedisClient;
  keyPrefix: string;
  perSecond: number;
}): DestinationPacer {
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: deps.keyPrefix,
    points: deps.perSecond,
    duration: 1,
    insuranceLimiter: new RateLimiterMemory({ points: deps.perSecond, duration: 1 }),
  });
  return {
    async wait(host) {
      for (;;) {
        try {
          await limiter.consume(host);
          return;
        } catch (refusal) {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          // Jitter keeps the waiters of one host from all coming back in the same millisecond.
          await sleep(refusal.msBeforeNext + Math.random() * 50);
        }
      }
    },
  };
}

/** The prober, but each probe, and each target it requests, first waits for its destination's token. */
export function pacedProber(prober: Prober, pacer: DestinationPacer): Prober {
  return {
    async probe(target, options) {
      await pacer.wait(target.host);
      if (!options?.targets?.length) return prober.probe(target, options);
      return prober.probe(target, { ...options, paceTarget: (address) => pacer.wait(address) });
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
