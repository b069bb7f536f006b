import type { CheckJobView } from "./check-job-records.ts";

export interface JobProgressFeedDeps {
  /** The current state of these jobs; one query for every subscriber of the process. */
  read(jobIds: string[]): Promise<CheckJobView[]>;
  /** How often the jobs with subscribers are read. */
  intervalMs: number;
  onError?(error: Error): void;
}

export type JobProgressListener = (job: CheckJobView) => void;

export interface JobProgressFeed {
  /** Calls `listener` with the job's state on every read until the returned function is called. */
  subscribe(jobId: string, listener: JobProgressListener): () => void;
  /** Subscribers across every job. */
  size(): number;
  close(): void;
}

/**
 * Job progress for live subscribers (Server-Sent Events). However many streams a process holds,
 * it reads PostgreSQL once per interval, for all of their jobs at once, and only while any is open.
 */
export function createJobProgressFeed(deps: JobProgressFeedDeps): JobProgressFeed {
  const listeners = new Map<string, Set<JobProgressListener>>();
  let subscribers = 0;
  let timer: NodeJS.Timeout | undefined;
  let reading = false;

  const tick = async () => {
    if (reading || listeners.size === 0) return;
    reading = true;
    try {
      for (const job of await deps.read([...listeners.keys()])) {
        for (const listener of [...(listeners.get(job.job_id) ?? [])]) listener(job);
      }
    } catch (error) {
      deps.onError?.(error as Error);
    } finally {
      reading = false;
    }
  };

  return {
    subscribe(jobId, listener) {
      let set = listeners.get(jobId);
      if (!set) {
        set = new Set();
        listeners.set(jobId, set);
      }
      set.add(listener);
      subscribers += 1;
      if (!timer) {
        timer = setInterval(tick, deps.intervalMs);
        timer.unref();
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        subscribers -= 1;
        set.delete(listener);
        if (set.size === 0 && listeners.get(jobId) === set) listeners.delete(jobId);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    size: () => subscribers,
    close() {
      clearInterval(timer);
      timer = undefined;
      listeners.clear();
      subscribers = 0;
    },
  };
}
