/**
 * The public API as the documentation page shows it. Shaped like the parts of an OpenAPI document the
 * page needs (operations with parameters, a permission and a rate-limit category, an example), so a
 * document generated from the route schemas can replace this module later (mapped into the same
 * `ApiDescription`) without touching the page.
 * Examples use documentation addresses (192.0.2.0/24, 198.51.100.0/24) and `{base}` for the base URL.
 */

export interface ParameterDoc {
  name: string;
  type: string;
  description: string;
}

export interface EndpointDoc {
  id: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  summary: string;
  permission: string;
  category: string;
  parameters: ParameterDoc[];
  curl?: string;
  response?: string;
  /** A GET the page can send with the reader's own key, relative to the base URL. */
  tryPath?: string;
}

export interface RateLimitDoc {
  category: string;
  appliesTo: string;
  free: string;
  premium: string;
}

export interface ErrorDoc {
  status: string;
  meaning: string;
}

export interface ApiDescription {
  endpoints: EndpointDoc[];
  rateLimits: RateLimitDoc[];
  errors: ErrorDoc[];
  workflow: string;
}

const auth = '  -H "Authorization: Bearer pk_live_YOUR_KEY"';

const proxyFilters: ParameterDoc[] = [
  { name: "protocol", type: "string", description: "http, https, socks4 or socks5" },
  { name: "country", type: "string", description: "ISO country code, e.g. US" },
  { name: "anonymity", type: "string", description: "transparent, anonymous or elite" },
  { name: "fresh_minutes", type: "int", description: "Only proxies checked within N minutes (default 1440)" },
  { name: "max_latency_ms", type: "int", description: "Maximum connect latency" },
  { name: "min_uptime", type: "float", description: "Minimum uptime score (0–1)" },
  { name: "page / limit", type: "int", description: "Pagination; limit 1–200 (default 50)" },
];

export const apiDescription: ApiDescription = {
  endpoints: [
    {
      id: "list-proxies",
      method: "GET",
      path: "/api/proxies",
      summary: "List verified public proxies with filters and pagination.",
      permission: "api.proxies.read",
      category: "api_read",
      parameters: proxyFilters,
      curl: `curl "{base}/api/proxies?protocol=socks5&country=US&limit=20" \\\n${auth}`,
      tryPath: "/api/proxies?limit=5",
      response: JSON.stringify(
        {
          page: 1,
          limit: 20,
          total: 1342,
          refreshed_at: "2026-06-10T08:00:00Z",
          items: [
            {
              proxy_norm: "192.0.2.4:1080",
              protocol: "socks5",
              country: "US",
              uptime_score: 0.98,
              checked_at: "2026-06-10T07:59:12Z",
            },
          ],
        },
        null,
        2,
      ),
    },
    {
      id: "export-proxies",
      method: "GET",
      path: "/api/proxies/export",
      summary: "Export the filtered proxy list as a file.",
      permission: "api.proxies.read",
      category: "api_export",
      parameters: [
        { name: "format", type: "string", description: "txt (default), csv or json" },
        { name: "…filters", type: "", description: "Same filters as /api/proxies" },
      ],
      curl: `curl -o proxies.txt "{base}/api/proxies/export?format=txt&protocol=http" \\\n${auth}`,
    },
    {
      id: "submit-check",
      method: "POST",
      path: "/api/check",
      summary:
        "Submit your own proxies for checking. Returns a job you can poll. One proxy per line; ip:port or ip:port:user:pass. Request body is limited to 2 MB.",
      permission: "api.check.write",
      category: "api_check",
      parameters: [
        { name: "proxies_text", type: "string", description: "Newline-separated proxies (required)" },
        { name: "include_anonymity", type: "bool", description: "Also detect anonymity level (slower)" },
      ],
      curl: `curl -X POST "{base}/api/check" \\\n${auth} \\\n  -H "Content-Type: application/json" \\\n  -d '{"proxies_text": "192.0.2.4:1080\\n198.51.100.8:8080"}'`,
      response: '{ "job_id": "9f1c…", "status": "queued", "total": 2 }',
    },
    {
      id: "read-job",
      method: "GET",
      path: "/api/jobs/{jobId}",
      summary: "Read job status and progress.",
      permission: "api.jobs.read",
      category: "api_read",
      parameters: [],
      curl: `curl "{base}/api/jobs/<JOB_ID>" \\\n${auth}`,
      response: JSON.stringify(
        {
          job_id: "9f1c…",
          status: "completed",
          total: 2,
          done: 2,
          created_at: "2026-06-10T08:00:00Z",
          finished_at: "2026-06-10T08:00:21Z",
        },
        null,
        2,
      ),
    },
    {
      id: "job-items",
      method: "GET",
      path: "/api/jobs/{jobId}/items",
      summary: "Read per-proxy results of a job (paginated with page / limit).",
      permission: "api.jobs.read",
      category: "api_read",
      parameters: [
        { name: "status", type: "string", description: "live, dead, blocked or pending" },
        { name: "page / limit", type: "int", description: "Pagination; limit 1–200 (default 50)" },
      ],
      curl: `curl "{base}/api/jobs/<JOB_ID>/items" \\\n${auth}`,
      response: JSON.stringify(
        {
          page: 1,
          limit: 50,
          total: 2,
          items: [
            {
              proxy_norm: "192.0.2.4:1080",
              status: "live",
              protocol: "socks5",
              connect_ms: 230,
              ttfb_ms: 510,
              exit_ip: "192.0.2.4",
              country: "US",
            },
          ],
        },
        null,
        2,
      ),
    },
    {
      id: "job-export",
      method: "GET",
      path: "/api/jobs/{jobId}/export",
      summary: "Export job results as a file (format: txt, csv or json).",
      permission: "api.jobs.read",
      category: "api_export",
      parameters: [{ name: "format", type: "string", description: "txt (default), csv or json" }],
      curl: `curl -o results.csv "{base}/api/jobs/<JOB_ID>/export?format=csv" \\\n${auth}`,
    },
    {
      id: "premium-proxies",
      method: "GET",
      path: "/api/premium/proxies",
      summary:
        "Read the premium proxy pool. Requires an active premium subscription in addition to the permission.",
      permission: "api.premium.proxies.read",
      category: "api_read",
      parameters: [],
      curl: `curl "{base}/api/premium/proxies" \\\n${auth}`,
    },
  ],
  rateLimits: [
    {
      category: "api_read",
      appliesTo: "Proxy lists, job status & results",
      free: "60 / min",
      premium: "300 / min",
    },
    { category: "api_check", appliesTo: "Submitting check jobs", free: "20 / hour", premium: "200 / hour" },
    { category: "api_export", appliesTo: "File exports", free: "10 / hour", premium: "60 / hour" },
  ],
  errors: [
    { status: "400", meaning: "Invalid request — bad parameters or no valid proxies in proxies_text" },
    { status: "401", meaning: "Missing or invalid API key" },
    {
      status: "403",
      meaning:
        "Key is valid but your role lacks the required permission, account is not active, or premium is required",
    },
    { status: "429", meaning: "Rate limit exceeded for this category — retry later" },
    { status: "5xx", meaning: "Server error — safe to retry with backoff" },
  ],
  workflow: [
    "# 1. Submit proxies for checking",
    'curl -X POST "{base}/api/check" \\',
    `${auth} \\`,
    '  -H "Content-Type: application/json" \\',
    `  -d '{"proxies_text": "192.0.2.4:1080\\n198.51.100.8:8080"}'`,
    "",
    '# -> {"job_id":"<JOB_ID>", ...}',
    "",
    '# 2. Poll job status until "completed"',
    'curl "{base}/api/jobs/<JOB_ID>" \\',
    auth,
    "",
    "# 3. Fetch results",
    'curl "{base}/api/jobs/<JOB_ID>/items" \\',
    auth,
  ].join("\n"),
};

/** Puts this deployment's base URL into an example. */
export function withBase(example: string, base: string): string {
  return example.replaceAll("{base}", base);
}
