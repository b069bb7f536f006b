import type { CheckJob, JobCounts } from "../api/types.ts";
import { formatDate, formatNumber, percent } from "../format.ts";

export const FINISHED_STATUSES: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"]);

export function isFinished(job: CheckJob | undefined): boolean {
  return job !== undefined && FINISHED_STATUSES.has(job.status);
}

const countStates: ReadonlyArray<readonly [Exclude<keyof JobCounts, "unchecked">, string]> = [
  ["live", "Live"],
  ["dead", "Dead"],
  ["blocked", "Blocked"],
  ["pending", "Pending"],
];

/** The job's progress bar and live / dead / blocked counts; the page polls and re-renders it. */
export function JobProgress({ job }: { job: CheckJob }) {
  const done = percent(job.done, job.total);
  const counts = job.counts ?? { live: 0, dead: 0, blocked: 0, pending: Math.max(0, job.total - job.done) };
  return (
    <div className="progress-block">
      <p>
        Job <code>{job.job_id}</code>: <span data-testid="job-status">{job.status}</span>, submitted{" "}
        {formatDate(job.created_at)}
        {job.finished_at ? `, finished ${formatDate(job.finished_at)}` : ""}
      </p>
      <div className="progress-row">
        <progress
          max={100}
          value={done}
          aria-label="Checked"
          aria-valuetext={`${done} % checked`}
          data-testid="job-progress"
        />
        <span data-testid="job-percent">{done} %</span>
      </div>
      <ul className="counts" aria-label="Results so far">
        {countStates.map(([state, label]) => (
          <li key={state} className={`count-${state}`}>
            {label} <strong data-testid={`count-${state}`}>{formatNumber(counts[state])}</strong>
          </li>
        ))}
        {counts.unchecked ? (
          <li className="count-unchecked">
            Unchecked <strong data-testid="count-unchecked">{formatNumber(counts.unchecked)}</strong>
          </li>
        ) : null}
      </ul>
      <p className="hint">
        {formatNumber(job.done)} of {formatNumber(job.total)} checked
        {job.invalid_lines ? `; ${formatNumber(job.invalid_lines)} invalid line(s) skipped` : ""}
        {job.duplicate_lines ? `; ${formatNumber(job.duplicate_lines)} duplicate(s) skipped` : ""}
      </p>
    </div>
  );
}
