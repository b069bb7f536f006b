import { readCheckJobTally } from "./check-job-tally.ts";
import { waitFor } from "./wait-for.ts";

/** Waits until the job's recorded results reach `atLeast` (read errors count as not yet). */
export async function waitForResults(databaseUrl: string, jobId: string, atLeast: number, timeout = 30_000) {
  await waitFor(async () => (await readCheckJobTally(databaseUrl, jobId)).itemsWithResult >= atLeast, {
    timeout,
    interval: 100,
    what: `${atLeast} results of job ${jobId}`,
  });
}

/** Waits for the job to complete and returns its final tally. */
export async function waitForCompletion(databaseUrl: string, jobId: string, timeout: number) {
  await waitFor(async () => (await readCheckJobTally(databaseUrl, jobId)).status === "completed", {
    timeout,
    interval: 200,
    what: `completion of job ${jobId}`,
  });
  return readCheckJobTally(databaseUrl, jobId);
}
