import { Counter, collectDefaultMetrics, Registry } from "prom-client";

/**
 * One registry per process, passed to whatever records metrics. Never prom-client's global
 * registry: tests run an API and a worker in one process, each scraping only its own.
 */
export function createMetricsRegistry(options: { service: string; defaultMetrics?: boolean }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  // Node's process metrics, event-loop lag (nodejs_eventloop_lag_seconds) among them.
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

export type { Registry as MetricsRegistry } from "prom-client";

/** A counter in `registry` alone, by the labels `labelNames`. */
export function registeredCounter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}
