import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/** The check-job routes as a user drives them: text/plain submissions, polling, cancelling. */
export interface JobStatus {
  job_id: string;
  status: string;
  total: number;
  done: number;
  counts: { live: number; dead: number; blocked: number; pending: number };
}

export interface Submitted {
  jobId: string;
  total: number;
  /** From sending the request to the 202 answer having been read. */
  answerMs: number;
  /** When the answer arrived, on performance.now()'s clock. */
  answeredAt: number;
}

export function createJobClient(apiUrl: string, apiKey: string) {
  const headers = { Authorization: `Bearer ${apiKey}` };
  const api = `${apiUrl}/api/v1/api`;

  return {
    async submit(text: string): Promise<Submitted> {
      const started = performance.now();
      const response = await fetch(`${api}/check`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "text/plain" },
        body: text,
      });
      const body = (await response.json()) as { job_id: string; total: number };
      const answeredAt = performance.now();
      if (response.status !== 202)
        throw new Error(`submission answered ${response.status}: ${JSON.stringify(body)}`);
      return { jobId: body.job_id, total: body.total, answerMs: answeredAt - started, answeredAt };
    },

    async status(jobId: string): Promise<JobStatus> {
      const response = await fetch(`${api}/jobs/${jobId}`, { headers });
      if (!response.ok) throw new Error(`job ${jobId} answered ${response.status}`);
      return (await response.json()) as JobStatus;
    },

    async cancel(jobId: string): Promise<void> {
      const response = await fetch(`${api}/jobs/${jobId}`, { method: "DELETE", headers });
      await response.arrayBuffer();
    },

    /** Polls every `everyMs` until each job is completed; resolves with when each one was seen so. */
    async completion(jobIds: string[], everyMs = 100): Promise<{ at: number; jobs: JobStatus[] }> {
      for (;;) {
        const jobs = await Promise.all(jobIds.map((id) => this.status(id)));
        const failed = jobs.find((job) => job.status === "failed" || job.status === "cancelled");
        if (failed) throw new Error(`job ${failed.job_id} ended ${failed.status}`);
        if (jobs.every((job) => job.status === "completed")) return { at: performance.now(), jobs };
        await sleep(everyMs);
      }
    },
  };
}
export type JobClient = ReturnType<typeof createJobClient>;
