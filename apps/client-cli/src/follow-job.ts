import type { SieveClient } from "@sieve/client";
import type { CheckJob } from "./cli-io.ts";

/**
 * How the CLI learns a job's progress until its end. Today the client's `waitForJob` polls;
 * once `GET /api/jobs/{id}/events` (SSE) is merged, a follower reading the stream (or a
 * `waitForJob` that does) takes this one's place without the commands changing.
 */
export type FollowJob = (jobId: string, onProgress: (job: CheckJob) => void) => Promise<CheckJob>;

/** Polls twice a second: the API advances counts as results arrive, so the bar moves smoothly. */
export function pollingFollower(client: SieveClient, intervalMs = 500): FollowJob {
  return (jobId, onProgress) => client.waitForJob(jobId, { intervalMs, onProgress });
}
