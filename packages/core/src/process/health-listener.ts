import { healthRoutes, type PlainListener, startPlainListener } from "../health/plain-listener.ts";
import type { Health } from "../health/readiness.ts";

/** Serves `health` on HEALTH_HOST:HEALTH_PORT, or nothing (undefined) when no HEALTH_PORT is set. */
export async function startHealthListener(
  health: Health,
  config: { HEALTH_HOST: string; HEALTH_PORT?: number | undefined },
): Promise<PlainListener | undefined> {
  return config.HEALTH_PORT === undefined
    ? undefined
    : startPlainListener(healthRoutes(health), { host: config.HEALTH_HOST, port: config.HEALTH_PORT });
}
