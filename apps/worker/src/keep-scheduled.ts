import type { Logger } from "@sieve/core";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";

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
