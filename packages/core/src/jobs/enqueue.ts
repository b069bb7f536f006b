import { unavailable } from "@sieve/vocabulary";
import type { JobsOptions, Queue } from "bullmq";

// A submission waits this long for Redis at most; the caller then gets a 503 to retry.
const ENQUEUE_TIMEOUT_MS = 5_000;
// Jobs sent to Redis per round trip.
const BULK_SLICE = 500;

type QueuedJob = { name: string; data: unknown; opts: JobsOptions };

async function addInSlices(queue: Queue, jobs: QueuedJob[]): Promise<void> {
  for (let start = 0; start < jobs.length; start += BULK_SLICE) {
    await queue.addBulk(jobs.slice(start, start + BULK_SLICE));
  }
}

/**
 * Adds jobs to a queue. A producer (its connection has no offline queue) fails with a clean 503:
 * at once while Redis is not connected, or when Redis does not take the jobs in time. A worker
 * perseveres: its commands wait for Redis to come back, as everything else it does.
 */
export async function addJobs(
  queue: Queue,
  jobs: QueuedJob[],
  producer: { failFast: boolean; isConnected: () => boolean },
): Promise<void> {
  if (!producer.failFast) return addInSlices(queue, jobs);
  if (!producer.isConnected()) throw unavailable("the job queue is unavailable; retry shortly");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ENQUEUE_TIMEOUT_MS);
  });
  try {
    const adding = addInSlices(queue, jobs);
    // Its failure reaches the caller through the race; after a timeout the 503 already did.
    adding.catch(() => {});
    await Promise.race([adding, timeout]);
  } catch (error) {
    throw unavailable(`the job queue is unavailable (${(error as Error).message}); retry shortly`);
  } finally {
    clearTimeout(timer);
  }
}
