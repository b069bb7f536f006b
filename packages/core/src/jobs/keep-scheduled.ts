import type { Logger } from "../logger.ts";
import type { RedisClient } from "../redis.ts";
import { jobCatalog, type ScheduledJobName } from "./job-catalog.ts";
import type { Queues } from "./queues.ts";

/** How often each scheduled job runs, in ms. */
export type Schedules = Partial<Record<ScheduledJobName, number>>;

/**
 * Upserts fleet-wide schedules now and again on every reconnect: a Redis that comes back empty
 * has forgotten its job schedulers. Every worker does this with the same scheduler ids, so the
 * fleet still holds one schedule of each. Returns the function that stops re-scheduling.
 */
export async function keepScheduled(
  connection: RedisClient,
  queues: Queues,
  schedules: Schedules,
  logger: Logger,
): Promise<() => void> {
  const entries = Object.entries(schedules) as [ScheduledJobName, number][];
  for (const [job, every] of entries) await queues.schedule(job, every);
  const reschedule = () => {
    for (const [job, every] of entries) {
      queues
        .schedule(job, every)
        .catch((error: Error) =>
          logger.warn(`could not schedule ${jobCatalog[job].name}`, { error: error.message }),
        );
    }
  };
  connection.on("ready", reschedule);
  return () => connection.off("ready", reschedule);
}
