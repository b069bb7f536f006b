import { useEffect, useState } from "react";
import { useLocation, useSearch } from "wouter";
import { ApiError, del, errorMessage, get } from "../api/client.ts";
import type { CheckJob, Page } from "../api/types.ts";
import { CheckForm } from "../check/check-form.tsx";
import { isFinished, JobProgress } from "../check/job-progress.tsx";
import { JobResults } from "../check/job-results.tsx";
import { PageTitle } from "../components/layout.tsx";
import { ErrorNotice } from "../components/notice.tsx";
import { PagedTable } from "../components/paged-table.tsx";
import { formatDate, formatNumber, percent } from "../format.ts";
import { useLoad } from "../use-load.ts";

const POLL_MS = 1000;
const JOBS_PER_PAGE = 10;

/** Check proxies: submit, watch the job move, read and download its results. `?job=ID` opens one. */
export function CheckPage() {
  const jobId = new URLSearchParams(useSearch()).get("job");
  const [, navigate] = useLocation();
  const [page, setPage] = useState(1);
  const recent = useLoad(() => get<Page<CheckJob>>("/jobs", { page, limit: JOBS_PER_PAGE }), [jobId, page]);

  return (
    <section>
      <PageTitle>Check proxies</PageTitle>
      <CheckForm onSubmitted={(id) => navigate(`/check?job=${encodeURIComponent(id)}`)} />
      {jobId ? <CurrentJob key={jobId} jobId={jobId} onFinished={recent.reload} /> : null}
      <h2>Recent jobs</h2>
      <ErrorNotice message={recent.error} />
      {recent.data ? (
        <PagedTable
          data={recent.data}
          empty="No jobs yet."
          caption="Your latest check jobs"
          columns={["Submitted", "Status", "Proxies", "Live", "Progress", "Open"]}
          scroll={false}
          row={(job) => (
            <tr key={job.job_id}>
              <td>{formatDate(job.created_at)}</td>
              <td>{job.status}</td>
              <td>{formatNumber(job.total)}</td>
              <td>{formatNumber(job.counts?.live)}</td>
              <td>{percent(job.done, job.total)} %</td>
              <td>
                <a
                  href={`/check?job=${encodeURIComponent(job.job_id)}`}
                  aria-label={`Open job submitted ${formatDate(job.created_at)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(`/check?job=${encodeURIComponent(job.job_id)}`);
                  }}
                >
                  Open
                </a>
              </td>
            </tr>
          )}
          pager={{ page, limit: JOBS_PER_PAGE, label: "Job pages", onPage: setPage }}
        />
      ) : null}
    </section>
  );
}

function CurrentJob({ jobId, onFinished }: { jobId: string; onFinished(): void }) {
  const [job, setJob] = useState<CheckJob | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [cancelling, setCancelling] = useState(false);

  async function cancel() {
    setCancelling(true);
    try {
      await del(`/jobs/${jobId}`);
      setJob(await get<CheckJob>(`/jobs/${jobId}`));
      setVersion((value) => value + 1);
      onFinished();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setCancelling(false);
    }
  }

  // Poll until the job finishes; each answer that moved the job bumps `version` to reload the table.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastDone = -1;
    async function poll() {
      try {
        const next = await get<CheckJob>(`/jobs/${jobId}`);
        if (stopped) return;
        setJob(next);
        setError(null);
        if (next.done !== lastDone || isFinished(next)) {
          lastDone = next.done;
          setVersion((value) => value + 1);
        }
        if (isFinished(next)) {
          onFinished();
          return;
        }
      } catch (failure) {
        if (stopped) return;
        setError(errorMessage(failure));
        // A job that is not there (or not ours) will not appear by asking again.
        if (failure instanceof ApiError && failure.status < 500 && failure.status !== 429) return;
      }
      timer = setTimeout(poll, POLL_MS);
    }
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, onFinished]);

  return (
    <section aria-labelledby="job-heading" className="card">
      <h2 id="job-heading">Current job</h2>
      <ErrorNotice message={error} />
      {job ? <JobProgress job={job} /> : <p role="status">Loading the job…</p>}
      {job && !isFinished(job) ? (
        <button type="button" className="danger" onClick={cancel} disabled={cancelling}>
          Cancel job
        </button>
      ) : null}
      {job ? <JobResults jobId={jobId} version={version} /> : null}
    </section>
  );
}
