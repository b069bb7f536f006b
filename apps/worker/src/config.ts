import { verifiedListConfig } from "@sieve/core";
import { probeConfig } from "@sieve/probe";
import {
  checkJobConfig,
  count,
  databaseConfig,
  logConfig,
  queueConfig,
  redisConfig,
  webhookGuardConfig,
} from "@sieve/vocabulary";
import { z } from "zod";

export const WorkerConfig = z.object({
  ...databaseConfig.shape,
  ...redisConfig.shape,
  ...logConfig.shape,
  ...queueConfig.shape,
  CREDENTIALS_KEY: checkJobConfig.shape.CREDENTIALS_KEY,
  JOB_RETENTION_DAYS: checkJobConfig.shape.JOB_RETENTION_DAYS,
  /** Days a retired candidate of the public list is kept before its row is deleted. */
  RETIRED_PROXY_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** How often finished jobs and retired candidates past retention are deleted. */
  PRUNE_EVERY_MS: count(3_600_000, 86_400_000),
  ...probeConfig.shape,
  ...webhookGuardConfig.shape,
  ...verifiedListConfig.shape,
  /**
   * The most chunks one process holds at once. Many more than the probe limit needs: a chunk
   * holds its slot until its slowest probe times out, and with too few slots the probe limit
   * runs short of queued items while chunks wait on their last dead proxies. Below this bound a
   * worker takes a chunk only while its probe limit has room for it (createChunkIntake), so the
   * rest wait in the queue for the fleet.
   */
  WORKER_CHUNK_CONCURRENCY: count(100, 1000),
  /**
   * Probes the whole fleet starts at one destination address per second, across all jobs and
   * the verified list (a token bucket in Redis): Sieve never floods a host. 0 turns it off.
   */
  DESTINATION_PROBES_PER_SECOND: z.coerce.number().int().min(0).max(100_000).default(20),
  /** The most probes in flight in one process, across all its chunks. */
  WORKER_PROBE_CONCURRENCY: count(1000, 20_000),
  /**
   * The event-loop lag (median, ms) the probe limits hold the process under: above it fewer
   * probes are let in, well under it more, up to WORKER_PROBE_CONCURRENCY and
   * VERIFIED_PROBE_CONCURRENCY. A lagging loop reports its own queue as the proxies' latency.
   * 50, not 10: at 10 a worker kept a fifth of the CPU idle and a 100,000-line job took 1.55 to
   * 1.8 x its floor, against 1.26 x at 50, with no live line reported dead at either (check-jobs
   * bench, 2026-12-03).
   */
  WORKER_PROBE_LAG_MS: count(50, 1000),
  /**
   * Results written to PostgreSQL per statement. Every write also updates the job's row, so small
   * batches cost PostgreSQL several times the CPU per item (measured by the check-jobs benchmark);
   * a cancelled job is noticed after each write, so this is also how late probing stops.
   */
  WORKER_RESULT_BATCH: count(250, 5000),
  /**
   * How long a chunk held by a worker that died (its lock no longer renewed) waits before another
   * worker takes it over; also how often each worker looks for such chunks.
   */
  WORKER_STALL_MS: count(30_000, 600_000),
  /** How often lost chunks are looked for and queued again. */
  RECONCILE_EVERY_MS: count(30_000, 3_600_000),
  /** On SIGTERM, how long running chunks may take to finish before the process leaves them to others. */
  SHUTDOWN_GRACE_MS: count(25_000, 600_000),
  /** Port of a small listener answering `/livez` and `/readyz`; unset, none is opened. */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Address the health listener binds (`0.0.0.0` in a container, for the kubelet). */
  HEALTH_HOST: z.string().default("127.0.0.1"),
  /** Port of a listener answering `GET /metrics` (Prometheus text); unset, none is opened. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Address the metrics listener binds (`0.0.0.0` in a container, for the scraper). */
  METRICS_HOST: z.string().default("127.0.0.1"),
});
export type WorkerConfig = z.infer<typeof WorkerConfig>;
