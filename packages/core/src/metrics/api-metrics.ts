import { Histogram, type Registry } from "prom-client";
import { registeredCounter } from "./metrics-registry.ts";

export interface ApiMetrics {
  /** Observes one finished request; `route` is the matched pattern, never the raw path. */
  requestFinished(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** A request refused with 401 or 403. */
  authFailed(reason: "unauthenticated" | "forbidden"): void;
  rateLimited(category: string, tier: string): void;
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  const registers = [registry];
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "API request duration, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const authFailures = registeredCounter(
    registry,
    "sieve_auth_failures_total",
    "Requests refused by authentication (unauthenticated, 401) or authorisation (forbidden, 403)",
    ["reason"] as const,
  );
  const rateLimited = registeredCounter(
    registry,
    "sieve_rate_limit_rejections_total",
    "Requests refused by a rate limit (429), by category and tier",
    ["category", "tier"] as const,
  );
  return {
    requestFinished(labels, seconds) {
      duration.observe({ ...labels, status: String(labels.status) }, seconds);
    },
    authFailed(reason) {
      authFailures.inc({ reason });
    },
    rateLimited(category, tier) {
      rateLimited.inc({ category, tier });
    },
  };
}
