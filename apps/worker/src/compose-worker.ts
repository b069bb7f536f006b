import type { RedisClient } from "@sieve/core";
import {
  createCheckJobReader,
  createChunkWorkStore,
  createCredentialCipher,
  createQueues,
  createRecheckStore,
  createSourceRepository,
  createWebhookStore,
  type Database,
  DEFAULT_SOURCE_INTERVAL_MINUTES,
  defaultSources,
  type JobHandlers,
  type JobName,
  jobCatalog,
  keepScheduled,
  type Logger,
  postWebhook,
  type QueueName,
  type Queues,
  type Schedules,
  startCancelWatch,
  startConsumers,
  type WorkerMetrics,
} from "@sieve/core";
import { kernelTimestamps, type OpenedProber, openProber } from "@sieve/probe";
import { createTargetGuard } from "@sieve/vocabulary";
import type { WorkerConfig } from "./config.ts";
import { consumerSettings, createWorkLimits, jobTable, schedules } from "./job-table.ts";

// A cancel's message reaches every worker at once; this poll only catches messages lost while a
// worker's subscription was down, so it may be slow.
const CANCEL_POLL_MS = 1000;
// A webhook call is bounded: a receiver that is slow or answers at length only wastes so much.
const WEBHOOK_TIMEOUT_MS = 10_000;
const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

export interface SieveWorker {
  /** The queues this worker consumes. */
  queues: QueueName[];
  /** Stops taking work and waits for running tasks; with `force`, leaves them to other workers. */
  close(force?: boolean): Promise<void>;
  /**
   * Closes within a grace period: running tasks may finish for `graceMs`, then are left to other
   * workers, which finish them without counting any item twice.
   */
  drain(graceMs: number): Promise<void>;
}

/**
 * Builds a worker from its config and clients and starts consuming; `main.ts` and the tests share
 * this wiring. Safe on any number of processes at once.
 */
export async function composeWorker(
  config: WorkerConfig,
  deps: {
    logger: Logger;
    database: Database;
    /** A worker connection (`createRedis(url, { role: "worker" })`): it waits out a Redis restart. */
    redis: RedisClient;
    /** The prober and its guard; one opened from the config when unset (tests pass one that counts). */
    prober?: OpenedProber;
    /** The catalog entries to consume; every one when unset (tests run one story at a time). */
    consumes?: readonly JobName[];
    /** Probes, chunk durations, results stored and source fetches; unset, nothing is measured. */
    metrics?: WorkerMetrics;
  },
): Promise<{ worker: SieveWorker; queues: Queues }> {
  const { logger, redis } = deps;
  const pool = deps.database.pool;
  const queues = createQueues({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    onError: (error, queue) => logger.warn("queue error", { queue, error: error.message }),
  });
  const sources = createSourceRepository({ pool });
  const prober = deps.prober ?? (await openProber(config));
  logger.info("target guard", prober.guard.policy);
  // Without the kernel clock (scripts/build-probe-native.mjs could not build it), connect_ms and
  // ttfb_ms include the time callbacks wait for the event loop.
  if (kernelTimestamps) logger.info("probe timestamps", { clock: "kernel (TCP_INFO)" });
  else logger.warn("probe timestamps", { clock: "event loop: the kernel clock is not built" });
  const chunks = createChunkWorkStore({ pool });
  const consumed = new Set<JobName>(deps.consumes ?? (Object.keys(jobCatalog) as JobName[]));
  const cancels = consumed.has("checkChunk")
    ? await startCancelWatch({
        subscriber: redis.duplicate(),
        queuePrefix: config.QUEUE_PREFIX,
        activeJobs: (jobIds) => chunks.activeJobs(jobIds),
        pollMs: CANCEL_POLL_MS,
        onError: (error) => logger.warn("cancel poll failed", { error: error.message }),
      })
    : undefined;
  const cipher = createCredentialCipher(config.CREDENTIALS_KEY);
  const webhookGuard = createTargetGuard({
    allowCidrs: config.WEBHOOK_ALLOW_CIDRS,
    denyCidrs: config.CHECK_DENY_CIDRS,
  });
  // The webhook delivery reads a finished job; one past retention is not called back.
  const reader = createCheckJobReader({
    pool,
    exportPool: pool,
    cipher,
    retention: { jobDays: config.JOB_RETENTION_DAYS, now: () => new Date() },
  });
  const limits = createWorkLimits(config);
  const table = jobTable({
    limits,
    config,
    redis,
    pool,
    queues,
    chunks,
    recheck: createRecheckStore({ pool }),
    sources,
    prober,
    cipher,
    webhooks: {
      store: createWebhookStore({ pool, cipher }),
      findJob: (accountId, jobId) => reader.find(accountId, jobId),
      post: (url, body, headers) =>
        postWebhook(url, body, headers, {
          allows: (address) => webhookGuard.allows(address),
          timeoutMs: WEBHOOK_TIMEOUT_MS,
          maxResponseBytes: WEBHOOK_MAX_RESPONSE_BYTES,
        }),
    },
    guard: prober.guard,
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(cancels ? { cancels } : {}),
  });
  const handlers = Object.fromEntries(
    Object.entries(table).filter(([name]) => consumed.has(name as JobName)),
  ) as Partial<JobHandlers>;
  const scheduled = Object.fromEntries(
    Object.entries(schedules(config)).filter(([name]) => consumed.has(name as JobName)),
  ) as Schedules;

  if (config.SOURCE_DEFAULTS && consumed.has("gatherSources")) {
    await sources.ensure(defaultSources, DEFAULT_SOURCE_INTERVAL_MINUTES);
  }
  const consumers = startConsumers({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    handlers,
    settings: consumerSettings(config, limits),
    logger,
  });
  const stopRescheduling = await keepScheduled(redis, queues, scheduled, logger);
  logger.info("worker consuming", { queues: consumers.queues });

  // Closing and draining differ only in how the consumers stop: the schedules stop first, and the
  // cancel watch closes whatever the consumers did.
  const stopConsumers = async (stop: () => Promise<void>) => {
    stopRescheduling();
    try {
      await stop();
    } finally {
      await cancels?.close();
    }
  };
  const worker: SieveWorker = {
    queues: consumers.queues,
    close: (force) => stopConsumers(() => consumers.close(force)),
    drain: (graceMs) => stopConsumers(() => consumers.drain(graceMs)),
  };
  return { worker, queues };
}
