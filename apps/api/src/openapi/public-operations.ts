import type { Permission, RateCategory } from "@sieve/core";
import type { z } from "zod";
import { JobListQuery } from "../routes/account-routes.ts";
import { CheckRequest, ItemsQuery, JobExportQuery } from "../routes/check-job-routes.ts";
import { PremiumEntriesQuery, PremiumEntryKey, ProxiesText } from "../routes/premium-admin-routes.ts";
import { ExportQuery, ListQuery } from "../routes/proxy-routes.ts";
import { NewSource } from "../routes/source-admin-routes.ts";
import type { ComponentName } from "./response-schemas.ts";

/*
 * Every route of the public API once: what the document says about it beyond its schemas. The
 * schemas themselves are the ones the routes validate with (imported from the routes) and the
 * ones their answers are checked against (response-schemas.ts). The contract test holds this
 * table equal to the routes the app registers, with the same permission and rate-limit category.
 */

export type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 429 | 503;

export interface PublicOperation {
  operationId: string;
  method: "get" | "post" | "delete";
  /** Relative to the base URL `/api/v1`, in OpenAPI's `{param}` form. */
  path: string;
  tag: "Proxies" | "Check jobs" | "Account" | "Admin";
  summary: string;
  description?: string;
  permission: Permission;
  /** The quota the call spends; null: none. */
  category: RateCategory | null;
  requiresPremium?: boolean;
  query?: z.ZodObject;
  parameterDescriptions?: Record<string, string>;
  /** A JSON body; `textPlain` also takes the proxy list itself as a text/plain body. */
  body?: { schema: z.ZodType; textPlain: boolean };
  success: {
    status: 200 | 201 | 202;
    description: string;
    /** A JSON body of this component. */
    schema?: ComponentName;
    /** A file: text, CSV, or a JSON array of this component. */
    file?: ComponentName;
    /** Server-Sent Events whose `data` is this component; a 204 when the stream has ended. */
    events?: ComponentName;
    example?: unknown;
  };
  errors: ErrorStatus[];
  curl?: string;
  /** A GET the docs page can send with the reader's own key. */
  tryPath?: string;
}

const auth = '  -H "Authorization: Bearer pk_live_YOUR_KEY"';
const guarded: ErrorStatus[] = [401, 403, 429, 503];
const withQuery: ErrorStatus[] = [400, ...guarded];
const ofJob: ErrorStatus[] = [400, 401, 403, 404, 429, 503];
const withBody: ErrorStatus[] = [400, 401, 403, 413, 415, 429, 503];

const proxyFilterDescriptions = {
  protocol: "http, https, socks4 or socks5",
  country: "ISO country code, e.g. US",
  anonymity: "transparent, anonymous or elite",
  fresh_minutes: "Only proxies checked within N minutes (default 1440)",
  max_latency_ms: "Maximum connect latency",
  min_uptime: "Minimum uptime score (0–1)",
  asn: "Only proxies whose exit address is in this autonomous system (a number, e.g. 64500)",
  https: "true: only proxies that tunnel CONNECT to TLS",
  exit_differs: "true: only proxies whose exit address differs from their own address",
  targets_ok: "true or false: only proxies that passed (or failed) the operator's default targets",
};
const pagination = { page: "Page, from 1 (default 1)", limit: "Items per page, 1–200 (default 50)" };
const formatDescription = { format: "txt (default), csv or json" };
const jobIdPath = "{jobId}";

export const publicOperations: PublicOperation[] = [
  {
    operationId: "listProxies",
    method: "get",
    path: "/api/proxies",
    tag: "Proxies",
    summary: "List verified public proxies with filters and pagination.",
    permission: "api.proxies.read",
    category: "api_read",
    query: ListQuery,
    parameterDescriptions: { ...proxyFilterDescriptions, ...pagination },
    success: {
      status: 200,
      description: "A page of the verified list",
      schema: "ProxyListPage",
      example: {
        page: 1,
        limit: 20,
        total: 1342,
        refreshed_at: "2026-06-10T08:00:00Z",
        items: [
          {
            proxy_norm: "192.0.2.4:1080",
            protocol: "socks5",
            country: "US",
            anonymity: "elite",
            latency_ms: 230,
            uptime_score: 0.98,
            checked_at: "2026-06-10T07:59:12Z",
          },
        ],
      },
    },
    errors: withQuery,
    curl: `curl "{base}/api/proxies?protocol=socks5&country=US&limit=20" \\\n${auth}`,
    tryPath: "/api/proxies?limit=5",
  },
  {
    operationId: "exportProxies",
    method: "get",
    path: "/api/proxies/export",
    tag: "Proxies",
    summary: "Export the filtered proxy list as a file.",
    permission: "api.proxies.read",
    category: "api_export",
    query: ExportQuery,
    parameterDescriptions: { ...formatDescription, ...proxyFilterDescriptions },
    success: { status: 200, description: "The list as a file", file: "ProxyItem" },
    errors: withQuery,
    curl: `curl -o proxies.txt "{base}/api/proxies/export?format=txt&protocol=http" \\\n${auth}`,
  },
  {
    operationId: "listPremiumProxies",
    method: "get",
    path: "/api/premium/proxies",
    tag: "Proxies",
    summary:
      "Read the premium proxy pool. Requires an active premium subscription in addition to the permission.",
    permission: "api.premium.proxies.read",
    category: "api_read",
    requiresPremium: true,
    query: ListQuery,
    parameterDescriptions: { ...proxyFilterDescriptions, ...pagination },
    success: {
      status: 200,
      description: "A page of the premium pool; each item's `proxy` is usable as is, credentials included",
      schema: "PremiumProxyPage",
    },
    errors: withQuery,
    curl: `curl "{base}/api/premium/proxies" \\\n${auth}`,
  },
  {
    operationId: "exportPremiumProxies",
    method: "get",
    path: "/api/premium/proxies/export",
    tag: "Proxies",
    summary: "Export the premium pool as a file (txt, csv or json), credentials included. Requires premium.",
    permission: "api.premium.proxies.read",
    category: "api_export",
    requiresPremium: true,
    query: ExportQuery,
    parameterDescriptions: { ...proxyFilterDescriptions, ...formatDescription },
    success: { status: 200, description: "The premium pool as a file", file: "PremiumProxyItem" },
    errors: withQuery,
  },
  {
    operationId: "submitCheck",
    method: "post",
    path: "/api/check",
    tag: "Check jobs",
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
    curl: `curl -X POST "{base}/api/check" \\\n${auth} \\\n  -H "Content-Type: application/json" \\\n  -d '{"proxies_text": "192.0.2.4:1080\\n198.51.100.8:8080"}'`,
  },
  {
    operationId: "listJobs",
    method: "get",
    path: "/api/jobs",
    tag: "Check jobs",
    summary: "List your own check jobs, newest first.",
    permission: "api.jobs.read",
    category: "api_read",
    query: JobListQuery,
    parameterDescriptions: { ...pagination, status: "queued, running, completed, failed or cancelled" },
    success: { status: 200, description: "A page of the caller's jobs", schema: "CheckJobPage" },
    errors: withQuery,
    curl: `curl "{base}/api/jobs?status=running" \\\n${auth}`,
  },
  {
    operationId: "getJob",
    method: "get",
    path: `/api/jobs/${jobIdPath}`,
    tag: "Check jobs",
    summary: "Read job status and progress.",
    permission: "api.jobs.read",
    category: "api_read",
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
    errors: ofJob,
    curl: `curl "{base}/api/jobs/<JOB_ID>" \\\n${auth}`,
  },
  {
    operationId: "streamJobEvents",
    method: "get",
    path: `/api/jobs/${jobIdPath}/events`,
    tag: "Check jobs",
    summary: "Follow a job's progress as Server-Sent Events until it ends.",
    description:
      "`event: progress` when `done` or the status changed, at most every 500 ms; `event: end` at a final " +
      "state, after which the server closes the stream; a `: keep-alive` comment every 15 s. Each event's " +
      "`id` is derived from the job, so a reconnect to any replica with `Last-Event-ID` resumes after it; " +
      "one whose `Last-Event-ID` is already the end gets 204, which tells an EventSource to stop.",
    permission: "api.jobs.read",
    category: "api_read",
    success: { status: 200, description: "The job's progress as an event stream", events: "JobProgress" },
    errors: ofJob,
    curl: `curl -N "{base}/api/jobs/<JOB_ID>/events" \\\n${auth}`,
  },
  {
    operationId: "cancelJob",
    method: "delete",
    path: `/api/jobs/${jobIdPath}`,
    tag: "Check jobs",
    summary: "Cancel a job: items not yet checked are not started.",
    permission: "api.check.write",
    category: "api_read",
    success: { status: 200, description: "The job's state after the cancel", schema: "CancelledJob" },
    errors: ofJob,
    curl: `curl -X DELETE "{base}/api/jobs/<JOB_ID>" \\\n${auth}`,
  },
  {
    operationId: "listJobItems",
    method: "get",
    path: `/api/jobs/${jobIdPath}/items`,
    tag: "Check jobs",
    summary: "Read per-proxy results of a job (paginated with page / limit).",
    permission: "api.jobs.read",
    category: "api_read",
    query: ItemsQuery,
    parameterDescriptions: { status: "live, dead, blocked or pending", ...pagination },
    success: {
      status: 200,
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
    errors: ofJob,
    curl: `curl "{base}/api/jobs/<JOB_ID>/items" \\\n${auth}`,
  },
  {
    operationId: "exportJob",
    method: "get",
    path: `/api/jobs/${jobIdPath}/export`,
    tag: "Check jobs",
    summary: "Export job results as a file (format: txt, csv or json).",
    description: "txt holds the live proxies unless `status` asks for others; csv and json hold every item.",
    permission: "api.jobs.read",
    category: "api_export",
    query: JobExportQuery,
    parameterDescriptions: { ...formatDescription, status: "live, dead, blocked or pending" },
    success: { status: 200, description: "The job's results as a file", file: "CheckItemExport" },
    errors: ofJob,
    curl: `curl -o results.csv "{base}/api/jobs/<JOB_ID>/export?format=csv" \\\n${auth}`,
  },
  {
    operationId: "getAccount",
    method: "get",
    path: "/api/account",
    tag: "Account",
    summary:
      "Read your account: email, role, tier, premium until, permissions, and each rate limit with what remains of it. Spends no quota.",
    permission: "api.account.read",
    category: null,
    success: { status: 200, description: "The key's account", schema: "Account" },
    // No quota of its own, but the per-address limit still applies.
    errors: withQuery,
    curl: `curl "{base}/api/account" \\\n${auth}`,
  },
  {
    operationId: "addPremiumProxies",
    method: "post",
    path: "/api/admin/premium/proxies",
    tag: "Admin",
    summary: "Add proxies to the premium pool (admins). New ones are checked before they are served.",
    permission: "admin.premium.write",
    category: "api_check",
    body: { schema: ProxiesText, textPlain: true },
    parameterDescriptions: { proxies_text: "ip:port lines, a JSON list or a CSV with ip and port" },
    success: {
      status: 201,
      description: "What was added, and the addresses refused with their reasons",
      schema: "PremiumImport",
    },
    errors: withBody,
  },
  {
    operationId: "listPremiumEntries",
    method: "get",
    path: "/api/admin/premium/proxies",
    tag: "Admin",
    summary: "List the premium pool's entries in every state, with their last check and error (admins).",
    permission: "admin.premium.write",
    category: "api_read",
    query: PremiumEntriesQuery,
    parameterDescriptions: { ...pagination, state: "pending, live, dead or retired" },
    success: { status: 200, description: "A page of the pool's entries", schema: "PremiumEntryPage" },
    errors: withQuery,
  },
  {
    operationId: "removePremiumProxies",
    method: "delete",
    path: "/api/admin/premium/proxies",
    tag: "Admin",
    summary:
      "Remove one entry from the premium pool by its exact host, port and protocol (admins); the three may also be query parameters.",
    permission: "admin.premium.write",
    category: "api_check",
    body: { schema: PremiumEntryKey, textPlain: false },
    success: { status: 200, description: "The entry was removed", schema: "PremiumRemoval" },
    errors: [...withBody, 404],
  },
  {
    operationId: "listSources",
    method: "get",
    path: "/api/admin/sources",
    tag: "Admin",
    summary: "List the verified list's sources with their figures (admins).",
    permission: "admin.sources.write",
    category: "api_read",
    success: { status: 200, description: "Every source", schema: "SourceList" },
    errors: guarded,
  },
  {
    operationId: "addSource",
    method: "post",
    path: "/api/admin/sources",
    tag: "Admin",
    summary: "Add a source of candidates: an http(s) URL fetched every interval_minutes (admins).",
    permission: "admin.sources.write",
    category: "api_read",
    body: { schema: NewSource, textPlain: false },
    success: { status: 201, description: "The source added", schema: "SourceAnswer" },
    errors: [400, 401, 403, 413, 415, 429, 503],
  },
  {
    operationId: "removeSource",
    method: "delete",
    path: "/api/admin/sources/{id}",
    tag: "Admin",
    summary: "Remove a source (admins).",
    permission: "admin.sources.write",
    category: "api_read",
    parameterDescriptions: { id: "The source's id, from GET /api/admin/sources" },
    success: { status: 200, description: "The source removed", schema: "SourceAnswer" },
    errors: ofJob,
  },
];
