import type { Queue } from "bullmq";
import type pg from "pg";
import { Gauge, type Registry } from "prom-client";
import { mergeExpositions } from "./exposition-text.ts";

// A scrape must answer even while PostgreSQL or Redis does not: the process's own metrics (5xx
// rates above all) matter most then. A fleet gauge that cannot be read within this is left empty.
const FLEET_READ_TIMEOUT_MS = 2_000;

async function bounded<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), FLEET_READ_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Gauges of the whole deployment rather than of one process, read when scraped: live proxies by
 * pool and protocol and the age of each pool's `refreshed_at` from PostgreSQL, and how long the
 * oldest waiting task of each queue has waited. Every replica that registers them reports the same
 * values, so dashboards take `max` across instances.
 */
export function registerFleetGauges(registry: Registry, deps: { pool: pg.Pool; queues: Queue[] }): void {
  const registers = [registry];
  new Gauge({
    name: "sieve_live_proxies",
    help: "Proxies served as live, by pool and protocol",
    labelNames: ["pool", "protocol"] as const,
    registers,
    async collect() {
      // Every pool and protocol appears, zero included, so an empty pool is a value, not a gap.
      const result = await bounded(
        deps.pool.query<{ pool: string; protocol: string; live: string }>(
          `SELECT p.pool::text AS pool, r.protocol::text AS protocol, count(x.id)::text AS live
             FROM unnest(enum_range(NULL::proxy_pool)) AS p(pool)
            CROSS JOIN unnest(enum_range(NULL::proxy_protocol)) AS r(protocol)
             LEFT JOIN proxies x ON x.pool = p.pool AND x.protocol = r.protocol AND x.alive
            GROUP BY 1, 2`,
        ),
      );
      this.reset();
      for (const row of result?.rows ?? [])
        this.set({ pool: row.pool, protocol: row.protocol }, Number(row.live));
    },
  });
  new Gauge({
    name: "sieve_list_refresh_age_seconds",
    help: "Seconds since each pool's list last completed a full re-check cycle (its refreshed_at)",
    labelNames: ["pool"] as const,
    registers,
    async collect() {
      const result = await bounded(
        deps.pool.query<{ pool: string; age: number }>(
          `SELECT pool::text AS pool, extract(epoch FROM now() - refreshed_at)::float8 AS age
             FROM list_refresh WHERE refreshed_at IS NOT NULL`,
        ),
      );
      this.reset();
      for (const row of result?.rows ?? []) this.set({ pool: row.pool }, row.age);
    },
  });
  new Gauge({
    name: "sieve_queue_oldest_waiting_seconds",
    help: "Seconds the oldest waiting (or prioritized) task of each queue has waited; 0 when none waits",
    labelNames: ["queue"] as const,
    registers,
    async collect() {
      const now = Date.now();
      const ages = await bounded(
        Promise.all(
          deps.queues.map(async (queue) => {
            // asc: the oldest first (the wait list's tail); prioritized: the next to be taken.
            const [waiting, prioritized] = await Promise.all([
              queue.getJobs(["wait"], 0, 0, true),
              queue.getJobs(["prioritized"], 0, 0, true),
            ]);
            const oldest = Math.min(...[...waiting, ...prioritized].map((job) => job.timestamp), now);
            return { queue: queue.name, age: (now - oldest) / 1000 };
          }),
        ),
      );
      this.reset();
      for (const { queue, age } of ages ?? []) this.set({ queue }, age);
    },
  });
}

/**
 * BullMQ's own job counts by state (`bullmq_job_count`: waiting, prioritized, active, delayed,
 * failed, …) for every queue, as one exposition.
 */
export async function queueExposition(queues: Queue[], labels: Record<string, string> = {}): Promise<string> {
  const texts = await bounded(Promise.all(queues.map((queue) => queue.exportPrometheusMetrics(labels))));
  return mergeExpositions(texts ?? []);
}

/** The text a `/metrics` endpoint answers: the registry, then any extra expositions such as the queues'. */
export async function metricsText(
  registry: Registry,
  extras: Array<() => Promise<string>> = [],
): Promise<string> {
  const texts = await Promise.all([registry.metrics(), ...extras.map((extra) => extra())]);
  return mergeExpositions(texts);
}
