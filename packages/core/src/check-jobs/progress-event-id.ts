import type { CheckJobView, JobStatus } from "./check-job-records.ts";

/** The states a job passes through, in order; a job never goes back. */
const phaseOf: Record<JobStatus, number> = { queued: 0, running: 1, completed: 2, failed: 2, cancelled: 2 };

/** Where a job's progress stands: `done` and its phase, both of which only ever grow. */
export interface ProgressMark {
  done: number;
  phase: number;
}

export function progressMark(job: Pick<CheckJobView, "done" | "status">): ProgressMark {
  return { done: job.done, phase: phaseOf[job.status] };
}

/** Whether a job has reached a final state, after which it sends nothing more. */
export function isFinalJob(job: Pick<CheckJobView, "status">): boolean {
  return phaseOf[job.status] === 2;
}

/**
 * A progress event's id, `<done>.<phase>`: derived from the job's state, not kept anywhere, so any
 * API replica can resume a stream from the `Last-Event-ID` another replica sent.
 */
export function progressEventId(mark: ProgressMark): string {
  return `${mark.done}.${mark.phase}`;
}

/** The mark a `Last-Event-ID` names, or undefined for anything that is not one of our ids. */
export function parseProgressEventId(id: string | undefined): ProgressMark | undefined {
  const match = id === undefined ? null : /^(\d{1,10})\.([0-2])$/.exec(id.trim());
  return match ? { done: Number(match[1]), phase: Number(match[2]) } : undefined;
}

/** Whether `mark` is further on than `seen`: there is something new to tell. */
export function isNewerMark(mark: ProgressMark, seen: ProgressMark | undefined): boolean {
  if (!seen) return true;
  return mark.done > seen.done || (mark.done === seen.done && mark.phase > seen.phase);
}
