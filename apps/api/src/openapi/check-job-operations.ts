import { JobListQuery } from "../routes/account-routes.ts";
import { CheckRequest, ItemsQuery, JobExportQuery } from "../routes/check-job-routes.ts";
import { ofOneRecord, withBody, withQuery } from "./error-sets.ts";
import { formatDescription } from "./parameter-descriptions.ts";
import { curlWithKey, listPage, operationGroup, type PublicOperation } from "./public-operation.ts";

/* Checking one's own proxies: submit a job, then list, read, follow, cancel and export it. */

const checkJobRoute = {
  tag: "Check jobs",
  method: "get",
  permission: "api.jobs.read",
  category: "api_read",
} as const;

/** Submitting a job, and listing the caller's jobs. */
const ofTheCaller = operationGroup(checkJobRoute, [
  {
    operationId: "submitCheck",
    method: "post",
    path: "/api/check",
    summary:
      "Submit your own proxies for checking. Returns a job you can poll. One proxy per line; ip:port or ip:port:user:pass. Request body is limited to 2 MB.",
    description:
      'Send JSON `{"proxies_text": …}`, or the list itself as a `text/plain` body. Lines whose target the guard refuses are answered `blocked` without being dialled.',
    permission: "api.check.write",
    category: "api_check",
    body: { schema: CheckRequest, textPlain: true },
    parameterDescriptions: {
      proxies_text: "Newline-separated proxies (required)",
      include_anonymity: "Also detect anonymity level (slower)",
    },
    success: {
      status: 202,
      description: "The job, written and queued",
      schema: "SubmittedCheckJob",
      example: {
        job_id: "9f1c2b7e-4a0d-4c5e-9b1a-3f2e1d0c9b8a",
        status: "queued",
        total: 2,
        invalid_lines: 0,
        duplicate_lines: 0,
        blocked: 2,
        invalid_examples: [],
      },
    },
    errors: withBody,
    curl: curlWithKey(
      'curl -X POST "{base}/api/check"',
      '  -H "Content-Type: application/json"',
      `  -d '{"proxies_text": "192.0.2.4:1080\\n198.51.100.8:8080"}'`,
    ),
  },
  {
    operationId: "listJobs",
    path: "/api/jobs",
    summary: "List your own check jobs, newest first.",
    ...listPage(
      JobListQuery,
      { status: "queued, running, completed, failed or cancelled" },
      { description: "A page of the caller's jobs", schema: "CheckJobPage" },
    ),
    errors: withQuery,
    curl: curlWithKey('curl "{base}/api/jobs?status=running"'),
  },
]);

/** The routes on one job, which answer 404 for a job that is not the caller's. */
const ofOneJob = operationGroup({ ...checkJobRoute, errors: ofOneRecord }, [
  {
    operationId: "getJob",
    path: "/api/jobs/{jobId}",
    summary: "Read job status and progress.",
    success: {
      status: 200,
      description: "The job",
      schema: "CheckJob",
      example: {
        job_id: "9f1c2b7e-4a0d-4c5e-9b1a-3f2e1d0c9b8a",
        status: "completed",
        total: 2,
        done: 2,
        counts: { live: 1, dead: 0, blocked: 1, pending: 0, unchecked: 0 },
        include_anonymity: false,
        invalid_lines: 0,
        duplicate_lines: 0,
        created_at: "2026-06-10T08:00:00Z",
        started_at: "2026-06-10T08:00:01Z",
        finished_at: "2026-06-10T08:00:21Z",
      },
    },
    curl: curlWithKey('curl "{base}/api/jobs/<JOB_ID>"'),
  },
  {
    operationId: "streamJobEvents",
    path: "/api/jobs/{jobId}/events",
    summary: "Follow a job's progress as Server-Sent Events until it ends.",
    description:
      "`event: progress` when `done` or the status changed, at most every 500 ms; `event: end` at a final " +
      "state, after which the server closes the stream; a `: keep-alive` comment every 15 s. Each event's " +
      "`id` is derived from the job, so a reconnect to any replica with `Last-Event-ID` resumes after it; " +
      "one whose `Last-Event-ID` is already the end gets 204, which tells an EventSource to stop.",
    success: { status: 200, description: "The job's progress as an event stream", events: "JobProgress" },
    curl: curlWithKey('curl -N "{base}/api/jobs/<JOB_ID>/events"'),
  },
  {
    operationId: "cancelJob",
    method: "delete",
    path: "/api/jobs/{jobId}",
    summary: "Cancel a job: items not yet checked are not started.",
    permission: "api.check.write",
    success: { status: 200, description: "The job's state after the cancel", schema: "CancelledJob" },
    curl: curlWithKey('curl -X DELETE "{base}/api/jobs/<JOB_ID>"'),
  },
  {
    operationId: "listJobItems",
    path: "/api/jobs/{jobId}/items",
    summary: "Read per-proxy results of a job (paginated with page / limit).",
    ...listPage(
      ItemsQuery,
      { status: "live, dead, blocked or pending" },
      {
        description: "A page of the job's items, in submission order",
        schema: "CheckItemPage",
        example: {
          page: 1,
          limit: 50,
          total: 2,
          items: [
            {
              proxy_norm: "127.0.0.1:1080",
              status: "live",
              reason: null,
              protocol: "socks5",
              connect_ms: 230,
              ttfb_ms: 510,
              total_ms: 742,
              exit_ip: "127.0.0.6",
              country: null,
              anonymity: null,
              checked_at: "2026-06-10T08:00:20Z",
            },
          ],
        },
      },
    ),
    curl: curlWithKey('curl "{base}/api/jobs/<JOB_ID>/items"'),
  },
  {
    operationId: "exportJob",
    path: "/api/jobs/{jobId}/export",
    summary: "Export job results as a file (format: txt, csv or json).",
    description: "txt holds the live proxies unless `status` asks for others; csv and json hold every item.",
    category: "api_export",
    query: JobExportQuery,
    parameterDescriptions: { ...formatDescription, status: "live, dead, blocked or pending" },
    success: { status: 200, description: "The job's results as a file", file: "CheckItemExport" },
    curl: curlWithKey('curl -o results.csv "{base}/api/jobs/<JOB_ID>/export?format=csv"'),
  },
]);

export const checkJobOperations: PublicOperation[] = [...ofTheCaller, ...ofOneJob];
