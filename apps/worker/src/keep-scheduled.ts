import type { Logger } from "@sieve/core";
import {
  type Job,
  type JobSchedulerTemplateOptions,
  type Queue,
  UnrecoverableError,
  type Worker,
} from "bullmq";
import type { Redis } from "ioredis";
import type { z } from "zod";

/**
 * Upserts a fleet-wide schedule now and again on every reconnect: a Redis that comes back empty
 * has forgotten its job schedulers. Every worker does this with the same scheduler ids, so the
 * fleet still holds one schedule of each. Returns the function that stops re-scheduling.
 */
export async function keepScheduled(
  connection: Redis,
  logger: Logger,
  what: string,
  schedule: () => Promise<unknown>,
): Promise<() => void> {
  await schedule();
  const reschedule = () =>
    void schedule().catch((error: Error) =>
      logger.warn(`could not schedule ${what}`, { error: error.message }),
    );
  connection.on("ready", reschedule);
  return () => connection.off("ready", reschedule);
}

/** Upserts a catalog entry's job scheduler: one task every `every` ms, with an empty payload. */
export function upsertSchedule(
  queue: Queue,
  entry: { name: string; schedulerId: string; options: JobSchedulerTemplateOptions },
  every: number,
): Promise<unknown> {
  return queue.upsertJobScheduler(
    entry.schedulerId,
    { every },
    { name: entry.name, data: {}, opts: entry.options },
  );
}

/** A task's payload checked against its catalog entry. */
export function validated<S extends z.ZodType>(entry: { name: string; payload: S }, job: Job): z.infer<S> {
  const parsed = entry.payload.safeParse(job.data);
  // A malformed payload will never succeed: fail it for good instead of retrying.
  if (!parsed.success) throw new UnrecoverableError(`invalid ${entry.name} payload: ${parsed.error.message}`);
  return parsed.data;
}

/** Worker errors and failed tasks become warnings instead of crashing or vanishing. */
export function logWorkerEvents(workers: Worker[], logger: Logger): void {
  for (const worker of workers) {
    worker.on("error", (error) => logger.warn("worker error", { queue: worker.name, error: error.message }));
    worker.on("failed", (job, error) =>
      logger.warn("task failed", {
        queue: worker.name,
        task: job?.id,
        attempt: job?.attemptsMade,
        error: error.message,
      }),
    );
  }
}
