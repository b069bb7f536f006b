import type { RedisClient } from "../redis.ts";

// Redis's clock, not the workers': every worker measures against the same time.
const SINCE_LAST_TICK = `
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ms)
if not previous then return -1 end
return ms - tonumber(previous)`;

/**
 * How many checks the fleet may start now: the budget times the time since any worker last
 * took its share. Ticks that run late or twice still add up to the budget, never more; the
 * window is capped so a fleet coming back from a pause does not burst.
 */
export async function takeCheckBudget(
  redis: RedisClient,
  key: string,
  options: { perSecond: number; tickMs: number },
): Promise<number> {
  const elapsed = Number(await redis.eval(SINCE_LAST_TICK, 1, key));
  const windowMs = elapsed < 0 ? options.tickMs : Math.min(elapsed, 3 * options.tickMs);
  return Math.round((options.perSecond * windowMs) / 1000);
}
