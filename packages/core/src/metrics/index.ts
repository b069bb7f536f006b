export * from "./api-metrics.ts";
export * from "./exposition-text.ts";
export * from "./fleet-gauges.ts";
export * from "./metrics-listener.ts";
export * from "./metrics-registry.ts";
export * from "./worker-metrics.ts";
