import {
  createRecheckStore,
  createSourceRepository,
  DEFAULT_SOURCE_INTERVAL_MINUTES,
  defaultSources,
  gatherSource,
  jobCatalog,
  type Logger,
  type Queues,
  type RecheckClaim,
  runRecheckBatch,
  type VerifiedListConfig,
  type WorkerMetrics,
} from "@sieve/core";
import type { Prober } from "@sieve/probe";
import type { TargetGuard } from "@sieve/vocabulary";
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import pLimit from "p-limit";
import type pg from "pg";
import { keepScheduled, logWorkerEvents, upsertSchedule, validated } from "./keep-scheduled.ts";
import { queueDueSources } from "./processors/gather-sources.ts";
import { runVerifiedTick } from "./processors/verified-tick.ts";

export interface VerifiedListWorkerDeps {
  config: VerifiedListConfig & { QUEUE_PREFIX: string };
  connection: Redis;
  queues: Queues;
  pool: pg.Pool;
  prober: Prober;
  /** The probes' guard; the source fetcher obeys it too. */
  guard: TargetGuard;
  logger: Logger;
  /** Re-check results stored and source fetch outcomes; probes are counted by a metered prober. */
  metrics?: WorkerMetrics;
}

export interface VerifiedListWorker {
  close(force?: boolean): Promise<void>;
}

/**
 * The consumers that keep the verified list fresh: the scheduler tick (claims due proxies within
 * the budget), the re-check batches, and source gathering. Safe on any number of processes.
 */
export async function createVerifiedListWorker(deps: VerifiedListWorkerDeps): Promise<VerifiedListWorker> {
  const { config, logger } = deps;
  const options = { connection: deps.connection, prefix: config.QUEUE_PREFIX };
  const store = createRecheckStore({ pool: deps.pool });
  const sources = createSourceRepository({ pool: deps.pool });
  const probeLimit = pLimit(config.VERIFIED_PROBE_CONCURRENCY);
  const policy = {
    liveIntervalMs: config.VERIFIED_LIVE_INTERVAL_SECONDS * 1000,
    retryMs: config.VERIFIED_RETRY_SECONDS * 1000,
    deadIntervalMs: config.VERIFIED_DEAD_INTERVAL_SECONDS * 1000,
    retireAfterMs: config.VERIFIED_RETIRE_AFTER_SECONDS * 1000,
  };
  const fetchOptions = {
    timeoutMs: config.SOURCE_TIMEOUT_MS,
    maxBytes: config.SOURCE_MAX_BYTES,
    allows: (address: string) => deps.guard.allows(address),
  };

  if (config.SOURCE_DEFAULTS) await sources.ensure(defaultSources, DEFAULT_SOURCE_INTERVAL_MINUTES);

  const tick = jobCatalog.verifiedTick;
  const gather = jobCatalog.gatherSources;
  const scheduleWorker = new Worker(
    tick.queue,
    async (job: Job) => {
      if (job.name === gather.name) {
        validated(gather, job);
        return { queued: await queueDueSources({ sources, queues: deps.queues }) };
      }
      validated(tick, job);
      return runVerifiedTick({
        store,
        queues: deps.queues,
        redis: deps.connection,
        budgetKey: `${config.QUEUE_PREFIX}:verified-list:budget-taken-at`,
        checksPerSecond: config.VERIFIED_CHECKS_PER_SECOND,
        tickMs: config.VERIFIED_TICK_MS,
        batchSize: config.VERIFIED_BATCH_SIZE,
        leaseSeconds: config.VERIFIED_LEASE_SECONDS,
      });
    },
    { ...options, concurrency: 1 },
  );

  const batch = jobCatalog.recheckBatch;
  const checkWorker = new Worker(
    batch.queue,
    async (job: Job) => {
      const payload = validated(batch, job);
      const claim: RecheckClaim = { ids: payload.ids, lease: new Date(payload.lease) };
      const checked = await runRecheckBatch(
        {
          store,
          probe: (target) => deps.prober.probe(target, { anonymity: true }),
          limit: probeLimit,
          policy,
          halfLifeMs: config.VERIFIED_SCORE_HALF_LIFE_SECONDS * 1000,
        },
        claim,
      );
      deps.metrics?.resultsWritten("recheck", checked);
      return { checked };
    },
    { ...options, concurrency: config.VERIFIED_BATCH_CONCURRENCY },
  );

  const fetch = jobCatalog.fetchSource;
  const sourceWorker = new Worker(
    fetch.queue,
    async (job: Job) => {
      const payload = validated(fetch, job);
      const outcome = await gatherSource(
        { pool: deps.pool, sources, fetch: fetchOptions, logger },
        payload.sourceId,
      );
      deps.metrics?.sourceFetched(outcome);
      return outcome;
    },
    { ...options, concurrency: config.SOURCE_CONCURRENCY },
  );

  const stopRescheduling = await keepScheduled(deps.connection, logger, "the verified list", async () => {
    const queue = deps.queues.get(tick.queue);
    await upsertSchedule(queue, tick, config.VERIFIED_TICK_MS);
    await upsertSchedule(queue, gather, config.SOURCE_TICK_MS);
  });
  const workers = [scheduleWorker, checkWorker, sourceWorker];
  logWorkerEvents(workers, logger);
  logger.info("verified list consuming", { queues: workers.map((worker) => worker.name) });

  return {
    async close(force = false) {
      stopRescheduling();
      await Promise.allSettled(workers.map((worker) => worker.close(force)));
    },
  };
}
