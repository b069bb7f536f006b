import type { RedisClient } from "@sieve/core";
import {
  type CancelWatch,
  type ChunkIntake,
  type ChunkWorkStore,
  type ConsumerSettings,
  type CredentialCipher,
  checkChunk,
  createChunkIntake,
  createDestinationPacer,
  type DeliverWebhookDeps,
  deliverWebhook,
  gatherSource,
  type JobHandlers,
  type JobName,
  type Logger,
  meteredProber,
  pacedProber,
  pruneExpired,
  type QueueName,
  type Queues,
  queueDueSources,
  type RecheckStore,
  reconcileCheckJobs,
  runRecheckBatch,
  runVerifiedTick,
  type Schedules,
  type SourceRepository,
  type WorkerMetrics,
} from "@sieve/core";
import { createProbeLimit, type ProbeLimit, type Prober } from "@sieve/probe";
import type { TargetGuard } from "@sieve/vocabulary";
import type pg from "pg";
import type { WorkerConfig } from "./config.ts";

/** The catalog entries of each story, for workers (tests) that run one story only. */
export const checkJobEntries = [
  "checkChunk",
  "reconcile",
  "pruneExpired",
  "deliverWebhook",
] as const satisfies readonly JobName[];
export const verifiedListEntries = [
  "verifiedTick",
  "recheckBatch",
  "gatherSources",
  "fetchSource",
] as const satisfies readonly JobName[];

export interface WorkerServices {
  config: WorkerConfig;
  redis: RedisClient;
  pool: pg.Pool;
  queues: Queues;
  chunks: ChunkWorkStore;
  recheck: RecheckStore;
  sources: SourceRepository;
  prober: Prober;
  cipher: CredentialCipher;
  /** The probes' guard; the source fetcher obeys it too. */
  guard: TargetGuard;
  limits: WorkLimits;
  logger: Logger;
  metrics?: WorkerMetrics;
  /** Check-job cancels from the whole fleet; they abort this process's probes of the job. */
  cancels?: CancelWatch;
  webhooks: DeliverWebhookDeps;
}

const seconds = (value: number) => value * 1000;
// Rows deleted per statement when pruning: small enough that each statement's locks are brief.
const PRUNE_BATCH = 5_000;

// Progress moves at least twice a second while a job's probes finish (issue 11): a result waits
// no longer than this for its batch to fill.
const RESULT_FLUSH_AFTER_MS = 500;
const WEBHOOK_CONCURRENCY = 20;

/** What bounds the work of one process, shared by its handlers and its check-queue consumer. */
export interface WorkLimits {
  /** Probes of verified-list batches in flight. */
  listProbes: ProbeLimit;
  /** Probes of check-job chunks in flight, and when the check queue's consumer takes chunks. */
  chunkIntake: ChunkIntake;
}

export function createWorkLimits(config: WorkerConfig): WorkLimits {
  // Shared by every chunk (and every batch) of the process: bounds its probes in flight, and
  // lets fewer in while the event loop lags (see createProbeLimit).
  const lagBoundMs = config.WORKER_PROBE_LAG_MS;
  const chunkProbes = createProbeLimit({ max: config.WORKER_PROBE_CONCURRENCY, lagBoundMs });
  return {
    listProbes: createProbeLimit({ max: config.VERIFIED_PROBE_CONCURRENCY, lagBoundMs }),
    chunkIntake: createChunkIntake(chunkProbes),
  };
}

/** Every catalog entry and the core function that handles it, with its settings from the config. */
export function jobTable(services: WorkerServices): JobHandlers {
  const { config, queues, logger, limits } = services;
  const { metrics } = services;
  // One bucket per destination for the fleet, shared by check jobs and the verified list; the
  // wait sits outside the metered probe, so probe durations stay the proxy's.
  const pacer =
    config.DESTINATION_PROBES_PER_SECOND > 0
      ? createDestinationPacer({
          redis: services.redis,
          keyPrefix: `${config.QUEUE_PREFIX}:destination-pace`,
          perSecond: config.DESTINATION_PROBES_PER_SECOND,
        })
      : undefined;
  const proberFor = (kind: "check" | "recheck"): Prober => {
    const measured = metrics ? meteredProber(services.prober, metrics, kind) : services.prober;
    return pacer ? pacedProber(measured, pacer) : measured;
  };
  const chunkProber = proberFor("check");
  const listProber = proberFor("recheck");
  // The list always checks anonymity, whether an http proxy also tunnels to TLS, and the
  // operator's default targets (requested only through proxies the judge found live).
  const listProbeOptions = {
    anonymity: true,
    tlsTunnel: true,
    ...(config.VERIFIED_TARGETS.length > 0 ? { targets: config.VERIFIED_TARGETS } : {}),
  };
  return {
    checkChunk: async (payload) => {
      const chunkDone = metrics?.chunkStarted();
      const taken = limits.chunkIntake.take();
      const stored = await checkChunk(
        {
          chunks: services.chunks,
          prober: chunkProber,
          cipher: services.cipher,
          probeLimit: taken.probeLimit,
          resultBatch: config.WORKER_RESULT_BATCH,
          flushAfterMs: RESULT_FLUSH_AFTER_MS,
          ...(services.cancels ? { cancels: services.cancels } : {}),
          onJobEnded: async (jobId) => {
            // The results are stored either way; a webhook that cannot be queued now is logged.
            await queues.enqueue("deliverWebhook", { jobId }).catch((error: Error) => {
              logger.warn("webhook not queued", { job_id: jobId, error: error.message });
            });
          },
        },
        payload,
      ).finally(() => taken.release());
      chunkDone?.(stored);
      return { stored };
    },
    deliverWebhook: (payload) => deliverWebhook(services.webhooks, payload),
    reconcile: async () => ({
      requeued: await reconcileCheckJobs({ chunks: services.chunks, queues, logger }),
    }),
    pruneExpired: () =>
      pruneExpired({
        pool: services.pool,
        policy: { jobDays: config.JOB_RETENTION_DAYS, retiredProxyDays: config.RETIRED_PROXY_RETENTION_DAYS },
        now: new Date(),
        batchSize: PRUNE_BATCH,
      }),
    verifiedTick: () =>
      runVerifiedTick({
        store: services.recheck,
        queues,
        redis: services.redis,
        budgetKey: `${config.QUEUE_PREFIX}:verified-list:budget-taken-at`,
        checksPerSecond: config.VERIFIED_CHECKS_PER_SECOND,
        tickMs: config.VERIFIED_TICK_MS,
        batchSize: config.VERIFIED_BATCH_SIZE,
        leaseSeconds: config.VERIFIED_LEASE_SECONDS,
      }),
    recheckBatch: async (payload) => {
      const checked = await runRecheckBatch(
        {
          store: services.recheck,
          probe: (target) => listProber.probe(target, listProbeOptions),
          limit: limits.listProbes,
          policy: {
            liveIntervalMs: seconds(config.VERIFIED_LIVE_INTERVAL_SECONDS),
            retryMs: seconds(config.VERIFIED_RETRY_SECONDS),
            deadIntervalMs: seconds(config.VERIFIED_DEAD_INTERVAL_SECONDS),
            retireAfterMs: seconds(config.VERIFIED_RETIRE_AFTER_SECONDS),
          },
          halfLifeMs: seconds(config.VERIFIED_SCORE_HALF_LIFE_SECONDS),
          cipher: services.cipher,
        },
        payload,
      );
      metrics?.resultsWritten("recheck", checked);
      return { checked };
    },
    gatherSources: async () => ({
      queued: await queueDueSources({ sources: services.sources, queues, tickMs: config.SOURCE_TICK_MS }),
    }),
    fetchSource: async (payload) => {
      const outcome = await gatherSource(
        {
          pool: services.pool,
          sources: services.sources,
          fetch: {
            timeoutMs: config.SOURCE_TIMEOUT_MS,
            maxBytes: config.SOURCE_MAX_BYTES,
            allows: (address) => services.guard.allows(address),
          },
          logger,
          reviveAfterSeconds: config.VERIFIED_REVIVE_AFTER_SECONDS,
        },
        payload.sourceId,
      );
      metrics?.sourceFetched(outcome);
      return outcome;
    },
  };
}

/** How this process consumes each queue of the catalog. */
export function consumerSettings(
  config: WorkerConfig,
  limits: WorkLimits,
): Record<QueueName, ConsumerSettings> {
  return {
    check: {
      // The most chunks held at once; the intake takes fewer while they would only wait.
      concurrency: config.WORKER_CHUNK_CONCURRENCY,
      intake: limits.chunkIntake,
      // A chunk held by a worker that died waits this long before another worker takes it over.
      lockDuration: config.WORKER_STALL_MS,
      stalledInterval: config.WORKER_STALL_MS,
    },
    maintenance: { concurrency: 1 },
    "verified-schedule": { concurrency: 1 },
    "verified-check": { concurrency: config.VERIFIED_BATCH_CONCURRENCY },
    sources: { concurrency: config.SOURCE_CONCURRENCY },
    // Calls wait on other people's servers (each bounded in time); never on a probe slot.
    webhooks: { concurrency: WEBHOOK_CONCURRENCY },
  };
}

/** How often each scheduled job runs, fleet-wide. */
export function schedules(config: WorkerConfig): Required<Schedules> {
  return {
    reconcile: config.RECONCILE_EVERY_MS,
    pruneExpired: config.PRUNE_EVERY_MS,
    verifiedTick: config.VERIFIED_TICK_MS,
    gatherSources: config.SOURCE_TICK_MS,
  };
}
