import {
  type CheckJobWriter,
  type CredentialCipher,
  jobCatalog,
  type Logger,
  type Queues,
  type WorkerMetrics,
} from "@sieve/core";
import type { Prober } from "@sieve/probe";
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import pLimit from "p-limit";
import type { WorkerConfig } from "./config.ts";
import { keepScheduled, logWorkerEvents, upsertSchedule, validated } from "./keep-scheduled.ts";
import { processCheckChunk } from "./processors/check-chunk.ts";
import { reconcileCheckJobs } from "./processors/reconcile.ts";

export interface WorkerDeps {
  config: Pick<
    WorkerConfig,
    | "QUEUE_PREFIX"
    | "WORKER_CHUNK_CONCURRENCY"
    | "WORKER_PROBE_CONCURRENCY"
    | "WORKER_RESULT_BATCH"
    | "WORKER_STALL_MS"
    | "RECONCILE_EVERY_MS"
  >;
  connection: Redis;
  queues: Queues;
  writer: CheckJobWriter;
  prober: Prober;
  cipher: CredentialCipher;
  logger: Logger;
  /** Chunk durations and results stored; probes are counted by a metered prober. */
  metrics?: WorkerMetrics;
}

export interface SieveWorker {
  /** Stops taking work and waits for running chunks; with `force`, leaves them to other workers. */
  close(force?: boolean): Promise<void>;
}

/** The BullMQ consumers of one worker process: check chunks and the reconciler. */
export async function createWorker(deps: WorkerDeps): Promise<SieveWorker> {
  const { config, logger } = deps;
  const probeLimit = pLimit(config.WORKER_PROBE_CONCURRENCY);
  const options = { connection: deps.connection, prefix: config.QUEUE_PREFIX };

  const checkEntry = jobCatalog.checkChunk;
  const checkWorker = new Worker(
    checkEntry.queue,
    async (job: Job) => {
      const payload = validated(checkEntry, job);
      const chunkDone = deps.metrics?.chunkStarted();
      const stored = await processCheckChunk(
        {
          writer: deps.writer,
          prober: deps.prober,
          cipher: deps.cipher,
          probeLimit,
          resultBatch: config.WORKER_RESULT_BATCH,
          logger,
        },
        payload,
      );
      chunkDone?.(stored);
      return { stored };
    },
    {
      ...options,
      concurrency: config.WORKER_CHUNK_CONCURRENCY,
      lockDuration: config.WORKER_STALL_MS,
      stalledInterval: config.WORKER_STALL_MS,
    },
  );

  const reconcileEntry = jobCatalog.reconcile;
  const reconcileWorker = new Worker(
    reconcileEntry.queue,
    async () => ({
      requeued: await reconcileCheckJobs({ writer: deps.writer, queues: deps.queues, logger }),
    }),
    { ...options, concurrency: 1 },
  );
  const stopRescheduling = await keepScheduled(deps.connection, logger, "the reconciler", () =>
    upsertSchedule(deps.queues.get(reconcileEntry.queue), reconcileEntry, config.RECONCILE_EVERY_MS),
  );
  logWorkerEvents([checkWorker, reconcileWorker], logger);
  logger.info("worker consuming", { queues: [checkEntry.queue, reconcileEntry.queue] });

  return {
    async close(force = false) {
      stopRescheduling();
      await Promise.allSettled([checkWorker.close(force), reconcileWorker.close(force)]);
    },
  };
}
