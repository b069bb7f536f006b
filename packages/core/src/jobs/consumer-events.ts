import type { Worker } from "bullmq";
import type { Logger } from "../logger.ts";

/**
 * Consumer errors, failed tasks and stalled tasks become warnings instead of crashing or
 * vanishing. A stalled task's lock ran out (its worker died or its event loop was blocked); it
 * goes back to the queue, and its id says which chunk or batch.
 */
export function logConsumerEvents(workers: Worker[], logger: Logger): void {
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
    worker.on("stalled", (taskId) => logger.warn("task stalled", { queue: worker.name, task: taskId }));
  }
}
