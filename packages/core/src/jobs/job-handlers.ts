import { type Job, UnrecoverableError } from "bullmq";
import type { z } from "zod";
import type { JobName, JobPayload } from "./job-catalog.ts";

/** What runs one job of a catalog entry: its payload already checked against the entry's schema. */
export type JobHandler<K extends JobName> = (payload: JobPayload<K>, job: Job) => Promise<unknown>;

/**
 * Handlers keyed by catalog entry. The keys are the catalog's, so a handler cannot exist for a job
 * the catalog does not declare, and each one is typed by its own entry's payload.
 */
export type JobHandlers<K extends JobName = JobName> = { [J in K]: JobHandler<J> };

/** A task's payload checked against its catalog entry. */
export function validated<S extends z.ZodType>(entry: { name: string; payload: S }, job: Job): z.infer<S> {
  const parsed = entry.payload.safeParse(job.data);
  // A malformed payload will never succeed: fail it for good instead of retrying.
  if (!parsed.success) throw new UnrecoverableError(`invalid ${entry.name} payload: ${parsed.error.message}`);
  return parsed.data;
}
