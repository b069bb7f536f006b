import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * Every job Sieve queues, declared once: queue, name, payload schema and default options.
 * Payloads carry ids only; credentials and proxy lists stay in PostgreSQL.
 */

export const CheckChunkPayload = z.strictObject({
  jobId: z.uuid(),
  chunk: z.number().int().min(0),
});
export type CheckChunkPayload = z.infer<typeof CheckChunkPayload>;

export const ReconcilePayload = z.strictObject({});
export type ReconcilePayload = z.infer<typeof ReconcilePayload>;

export const jobCatalog = {
  checkChunk: {
    queue: "check",
    name: "check-chunk",
    payload: CheckChunkPayload,
    // BullMQ reserves ':' in ids; the id makes re-enqueueing a chunk idempotent.
    jobId: (payload: CheckChunkPayload) => `${payload.jobId}_${payload.chunk}`,
    options: {
      attempts: 8,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600, count: 1000 },
    } satisfies JobsOptions,
  },
  reconcile: {
    queue: "maintenance",
    name: "reconcile-check-jobs",
    payload: ReconcilePayload,
    schedulerId: "reconcile-check-jobs",
    options: { removeOnComplete: true, removeOnFail: { count: 100 } } satisfies JobsOptions,
  },
} as const;

export const queueNames = [...new Set(Object.values(jobCatalog).map((job) => job.queue))];
