import { jobRetentionCutoff } from "./prune-expired.ts";

/** What readers need to hide jobs past retention before the pruner has deleted them. */
export interface JobRetention {
  jobDays: number;
  /** The clock; tests move it. */
  now: () => Date;
}

/** The oldest `finished_at` still served. */
export function servedSince(retention: JobRetention): Date {
  return jobRetentionCutoff(retention.now(), retention.jobDays);
}
