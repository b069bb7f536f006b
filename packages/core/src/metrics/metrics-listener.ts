import { type PlainListener, startPlainListener } from "../health/plain-listener.ts";
import { metricsText } from "./fleet-gauges.ts";
import type { MetricsRegistry } from "./metrics-registry.ts";

/** `GET /metrics` in Prometheus text on a listener of its own: the registry plus any extra expositions. */
export function startMetricsListener(options: {
  registry: MetricsRegistry;
  extras?: Array<() => Promise<string>>;
  host: string;
  port: number;
}): Promise<PlainListener> {
  const { registry } = options;
  return startPlainListener(
    {
      "/metrics": async () => ({
        status: 200,
        contentType: registry.contentType,
        body: await metricsText(registry, options.extras),
      }),
    },
    options,
  );
}
