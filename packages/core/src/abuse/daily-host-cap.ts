import { SieveError, unavailable } from "@sieve/vocabulary";
import type { RedisClient } from "../redis.ts";

/**
 * Adds the hosts to the account's set for the day unless that would take it past the cap; answers
 * the set's size before and after. One script, so parallel submissions of one account cannot
 * both pass on the same remaining room.
 */
const ADMIT = `
local fresh = 0
for i = 2, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then fresh = fresh + 1 end
end
local used = redis.call('SCARD', KEYS[1])
if used + fresh > tonumber(ARGV[1]) then return {0, used, fresh} end
for i = 2, #ARGV, 5000 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 4999, #ARGV)))
end
redis.call('EXPIRE', KEYS[1], 172800)
return {1, used, fresh}
`;

// Hosts handed to one script call; a submission of 100,000 lines goes in slices.
const SLICE = 20_000;

/** Distinct destination hosts one account may have checked per UTC day. */
export interface DailyHostCap {
  /** Counts the hosts against the account's day, or throws 429 when they do not fit. */
  admit(accountId: string, hosts: readonly string[]): Promise<void>;
}

export function createDailyHostCap(deps: {
  redis: RedisClient;
  keyPrefix: string;
  cap: number;
  now?: () => Date;
}): DailyHostCap {
  const now = deps.now ?? (() => new Date());
  return {
    async admit(accountId, hosts) {
      const at = now();
      const key = `${deps.keyPrefix}:${accountId}:${at.toISOString().slice(0, 10)}`;
      const distinct = [...new Set(hosts)];
      if (distinct.length > deps.cap) throw overCap(0, distinct.length, deps.cap, at);
      // A slice after the first may be refused; the hosts of the slices before it stay counted,
      // which errs on the side of the cap.
      for (let start = 0; start < distinct.length; start += SLICE) {
        const slice = distinct.slice(start, start + SLICE);
        const [admitted, used, fresh] = await admitSlice(deps.redis, key, deps.cap, slice);
        if (!admitted) throw overCap(used ?? 0, fresh ?? 0, deps.cap, at);
      }
    },
  };
}

/** One slice through the script; a Redis that does not answer is a 503, as for the queue it also holds. */
async function admitSlice(redis: RedisClient, key: string, cap: number, hosts: string[]): Promise<number[]> {
  try {
    return (await redis.eval(ADMIT, 1, key, cap, ...hosts)) as number[];
  } catch (error) {
    throw unavailable(`the job queue is unavailable (${(error as Error).message}); retry shortly`);
  }
}

function overCap(used: number, fresh: number, cap: number, at: Date): SieveError {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
  return new SieveError(
    "rate_limited",
    `daily limit of distinct hosts reached: ${used} checked today plus ${fresh} new in this ` +
      `submission exceeds the free tier's ${cap}; the count starts again at 00:00 UTC`,
    { hosts_today: used, limit: cap, retry_after: Math.ceil((midnight - at.getTime()) / 1000) },
  );
}
