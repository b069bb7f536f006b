import type { JobProgress, SieveClient } from "@sieve/client";
import type { CheckJob } from "./cli-io.ts";

/** How the CLI learns a job's progress until its end. */
export type FollowJob = (jobId: string, onProgress: (progress: JobProgress) => void) => Promise<CheckJob>;

/**
 * Follows the job's event stream (`/jobs/{id}/events`), each event moving the bar; the client
 * polls twice a second instead when the stream cannot be opened.
 */
export function eventFollower(client: SieveClient, intervalMs = 500): FollowJob {
  return (jobId, onProgress) => client.waitForJob(jobId, { intervalMs, onProgress });
}
