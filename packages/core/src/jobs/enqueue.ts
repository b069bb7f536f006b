import type { JobsOptions, Queue } from "bullmq";
import { unavailable } from "../errors.ts";

// A submission waits this long for Redis at most; the caller then gets a 503 to retry.
const ENQUEUE_TIMEOUT_MS = 5_000;
// Jobs sent to Redis per round trip.
const BULK_SLICE = 500;

/**
 * Adds jobs to a queue, or fails with a clean 503: at once when Redis is not connected (a
 * producer's connection has no offline queue), or when Redis does not take them in time.
 */
export async function addWithin(
  queue: Queue,
  jobs: { name: string; data: unknown; opts: JobsOptions }[],
  isConnected: () => boolean,
): Promise<void> {
  if (!isConnected()) throw unavailable("the job queue is unavailable; retry shortly");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ENQUEUE_TIMEOUT_MS);
  });
  try {
    const adding = (async () => {
      for (let start = 0; start < jobs.length; start += BULK_SLICE) {
        await queue.addBulk(jobs.slice(start, start + BULK_SLICE));
      }
    })();
    // Its failure reaches the caller through the race; after a timeout the 503 already did.
    adding.catch(() => {});
    await Promise.race([adding, timeout]);
  } catch (error) {
    throw unavailable(`the job queue is unavailable (${(error as Error).message}); retry shortly`);
  } finally {
    clearTimeout(timer);
  }
}
