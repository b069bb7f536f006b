import { unmapIp } from "@sieve/vocabulary";
import ipaddr from "ipaddr.js";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface SourceLimitSettings {
  /** Requests one source may make per second, answered or not. */
  requestsPerSecond: number;
  /** Refused requests (no, forged or expired nonce) one source may make per minute. */
  refusedPerMinute: number;
}

/**
 * Per-source limits of the judge, in memory (the judge has no Redis). Probes reach the judge from
 * their proxies' exit addresses, and a whole worker fleet behind one NAT may share one, so the
 * request limit is high: it only caps floods, e.g. of one nonce replayed. What marks a source as
 * an abuser is refusals, which the fleet never causes: past that budget every request from the
 * source is refused until the minute is over. IPv6 sources count by /64, what one host gets.
 */
export function createSourceLimits(settings: SourceLimitSettings) {
  const requests = new RateLimiterMemory({ points: settings.requestsPerSecond, duration: 1 });
  const refusals = new RateLimiterMemory({ points: settings.refusedPerMinute, duration: 60 });
  const keyOf = (remoteAddress: string | undefined) => {
    const ip = unmapIp(remoteAddress ?? "");
    if (!ipaddr.IPv6.isValid(ip)) return ip;
    return ipaddr.IPv6.parse(ip).parts.slice(0, 4).join(":");
  };
  return {
    /** Seconds until the source may ask again, or undefined when it may now. */
    async admit(remoteAddress: string | undefined): Promise<number | undefined> {
      const key = keyOf(remoteAddress);
      const refused = await refusals.get(key);
      if (refused && refused.consumedPoints >= settings.refusedPerMinute) {
        return Math.ceil(refused.msBeforeNext / 1000);
      }
      try {
        await requests.consume(key);
        return undefined;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.ceil(error.msBeforeNext / 1000);
        throw error;
      }
    },
    /** Counts a refused request against its source. */
    async refused(remoteAddress: string | undefined): Promise<void> {
      await refusals.penalty(keyOf(remoteAddress));
    },
  };
}
