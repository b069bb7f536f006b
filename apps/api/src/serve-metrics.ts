import {
  type MetricsRegistry,
  type PlainListener,
  type Queues,
  queueExposition,
  startMetricsListener,
} from "@sieve/core";
import type { ApiConfig } from "./config.ts";

/**
 * The API's `/metrics` listener on METRICS_PORT, when set: its registry, then BullMQ's job counts
 * of every queue. `main.ts` and the tests share it.
 */
export async function serveApiMetrics(
  config: Pick<ApiConfig, "METRICS_HOST" | "METRICS_PORT">,
  registry: MetricsRegistry | undefined,
  queues: Queues,
): Promise<PlainListener | undefined> {
  if (!registry || config.METRICS_PORT === undefined) return undefined;
  return startMetricsListener({
    registry,
    extras: [() => queueExposition(queues.all, { service: "api" })],
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
  });
}
