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

export const PruneExpiredPayload = z.strictObject({});
export type PruneExpiredPayload = z.infer<typeof PruneExpiredPayload>;

export const VerifiedTickPayload = z.strictObject({});
export type VerifiedTickPayload = z.infer<typeof VerifiedTickPayload>;

/** A claimed batch of the verified list: row ids and the lease that marks them as this claim's. */
export const RecheckBatchPayload = z.strictObject({
  ids: z.array(z.string().regex(/^\d+$/)).min(1).max(5_000),
  lease: z.iso.datetime(),
  /** Never-answered candidates only: queued behind every batch of live and recently live rows. */
  candidates: z.literal(true).optional(),
});
export type RecheckBatchPayload = z.infer<typeof RecheckBatchPayload>;

export const GatherSourcesPayload = z.strictObject({});
export type GatherSourcesPayload = z.infer<typeof GatherSourcesPayload>;

/** An ended check job whose callback_url is to be called. */
export const DeliverWebhookPayload = z.strictObject({ jobId: z.uuid() });
export type DeliverWebhookPayload = z.infer<typeof DeliverWebhookPayload>;

export const FetchSourcePayload = z.strictObject({ sourceId: z.uuid() });
export type FetchSourcePayload = z.infer<typeof FetchSourcePayload>;

// Work that must get done: retried with back-off, removed once done, failures kept a day to inspect.
// Jitter spreads the retries of chunks that failed together (a Redis or database blip), so they do
// not all come back in the same second.
const retriedOptions = {
  backoff: { type: "exponential", delay: 1_000, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 1000 },
} satisfies JobsOptions;
const scheduledOptions = { removeOnComplete: true, removeOnFail: { count: 100 } } satisfies JobsOptions;

export const jobCatalog = {
  checkChunk: {
    queue: "check",
    name: "check-chunk",
    payload: CheckChunkPayload,
    // BullMQ reserves ':' in ids; the id makes re-enqueueing a chunk idempotent.
    jobId: (payload: CheckChunkPayload) => `${payload.jobId}_${payload.chunk}`,
    options: { ...retriedOptions, attempts: 8 },
  },
  reconcile: {
    queue: "maintenance",
    name: "reconcile-check-jobs",
    payload: ReconcilePayload,
    schedulerId: "reconcile-check-jobs",
    options: scheduledOptions,
  },
  pruneExpired: {
    queue: "maintenance",
    name: "prune-expired",
    payload: PruneExpiredPayload,
    schedulerId: "prune-expired",
    options: scheduledOptions,
  },
  verifiedTick: {
    queue: "verified-schedule",
    name: "verified-tick",
    payload: VerifiedTickPayload,
    schedulerId: "verified-tick",
    options: scheduledOptions,
  },
  recheckBatch: {
    queue: "verified-check",
    name: "recheck-batch",
    payload: RecheckBatchPayload,
    jobId: (payload: RecheckBatchPayload) => `recheck_${Date.parse(payload.lease)}_${payload.ids[0]}`,
    // BullMQ takes jobs without a priority before prioritized ones.
    priority: (payload: RecheckBatchPayload) => (payload.candidates ? 1 : undefined),
    options: { ...retriedOptions, attempts: 3 },
  },
  gatherSources: {
    queue: "verified-schedule",
    name: "gather-sources",
    payload: GatherSourcesPayload,
    schedulerId: "gather-sources",
    options: scheduledOptions,
  },
  deliverWebhook: {
    queue: "webhooks",
    name: "deliver-webhook",
    payload: DeliverWebhookPayload,
    // One delivery per job, however many times its end is announced.
    jobId: (payload: DeliverWebhookPayload) => `webhook_${payload.jobId}`,
    // Retried for about a day: 10 s, 20 s, 40 s … the 13th retry comes up to 22.7 h after the first
    // call; jitter spreads the retries of the calls that failed together (a receiver that was down).
    options: {
      attempts: 14,
      backoff: { type: "exponential", delay: 10_000, jitter: 0.5 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    } satisfies JobsOptions,
  },
  fetchSource: {
    queue: "sources",
    name: "fetch-source",
    payload: FetchSourcePayload,
    // One fetch of a source at a time; the id is free again once it finishes either way.
    jobId: (payload: FetchSourcePayload) => `source_${payload.sourceId}`,
    options: { attempts: 1, removeOnComplete: true, removeOnFail: true } satisfies JobsOptions,
  },
} as const;

export type JobCatalog = typeof jobCatalog;
/** A catalog entry's key: the only way to name a job anywhere else. */
export type JobName = keyof JobCatalog;
/** The queues the catalog declares; nothing else names a queue. */
export type QueueName = JobCatalog[JobName]["queue"];
/** A job's payload once checked against its schema. */
export type JobPayload<K extends JobName> = z.output<JobCatalog[K]["payload"]>;
/** Jobs that are queued (rather than scheduled), each with a task id derived from its payload. */
export type QueuedJobName = { [K in JobName]: JobCatalog[K] extends { jobId: unknown } ? K : never }[JobName];
/** Jobs a job scheduler starts every so often, with an empty payload. */
export type ScheduledJobName = {
  [K in JobName]: JobCatalog[K] extends { schedulerId: string } ? K : never;
}[JobName];

/** A catalog entry's job as `Queue.addBulk` takes it: the payload checked, the task id derived from it. */
export function catalogJob<K extends QueuedJobName>(name: K, payload: z.input<JobCatalog[K]["payload"]>) {
  const entry = jobCatalog[name] as {
    name: string;
    payload: z.ZodType;
    options: JobsOptions;
    jobId: (payload: unknown) => string;
    priority?: (payload: unknown) => number | undefined;
  };
  const data = entry.payload.parse(payload);
  const priority = entry.priority?.(data);
  return {
    name: entry.name,
    data,
    opts: { ...entry.options, jobId: entry.jobId(data), ...(priority === undefined ? {} : { priority }) },
  };
}

export const queueNames: QueueName[] = [...new Set(Object.values(jobCatalog).map((job) => job.queue))];
