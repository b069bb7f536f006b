import type { ErrorCode } from "@sieve/vocabulary";
import type { ErrorStatus } from "./error-sets.ts";

/* The prose of the OpenAPI document: the contract's words, which the docs page shows. */

export const infoDescription = [
  "Check proxies, read job results, and pull verified proxy lists programmatically. All endpoints are authenticated with an API key and rate limited per account tier.",
  "",
  "Send the key as `Authorization: Bearer pk_live_YOUR_KEY` on every request. Every authenticated answer says what is left of its quota in `RateLimit` and `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers); a 429 or 503 says when to retry in `Retry-After`.",
  "",
  'Errors are returned as JSON: `{"error": "message", "code": "…"}`. `code` is stable, for programs; the message is for people.',
].join("\n");

export const statusMeanings: Record<ErrorStatus | 500, string> = {
  400: "Invalid request — bad parameters or no valid proxies in proxies_text",
  401: "Missing or invalid API key",
  403: "Key is valid but your role lacks the required permission, account is not active, or premium is required",
  404: "No such job for this account (another account's job is answered the same)",
  413: "Request body larger than 2 MB",
  415: "Request body in an encoding or charset the API does not take",
  429: "Rate limit exceeded for this category — retry later",
  500: "Server error — safe to retry with backoff",
  503: "A service the API needs is briefly away — retry after Retry-After",
};

export const errorMeanings: Record<ErrorCode, string> = {
  invalid_request: "A parameter, the body or a proxy list is not valid",
  unauthenticated: "No key, a malformed Authorization header, or a key that is unknown, revoked or expired",
  forbidden: "The role lacks the permission, the account is not active, or premium is required",
  not_found: "No such route, or no such job for this account",
  conflict: "The change conflicts with the current state",
  payload_too_large: "The body is larger than 2 MB",
  unsupported_media_type: "The body's Content-Encoding or charset is not taken",
  rate_limited: "A quota is spent, or too many exports run at once; see Retry-After",
  unavailable: "The database or the queue is briefly away; see Retry-After",
  internal: "A fault of the server; the answer carries a request_id",
};

const perWindow = (limit: number, windowSeconds: number) =>
  `${limit} / ${windowSeconds === 60 ? "min" : windowSeconds === 3600 ? "hour" : `${windowSeconds} s`}`;

export function rateLimitRows(limits: {
  RATE_LIMIT_API_READ_FREE: number;
  RATE_LIMIT_API_READ_PREMIUM: number;
  RATE_LIMIT_API_CHECK_FREE: number;
  RATE_LIMIT_API_CHECK_PREMIUM: number;
  RATE_LIMIT_API_EXPORT_FREE: number;
  RATE_LIMIT_API_EXPORT_PREMIUM: number;
}) {
  const row = (
    category: string,
    appliesTo: string,
    windowSeconds: number,
    free: number,
    premium: number,
  ) => ({
    category,
    applies_to: appliesTo,
    window_seconds: windowSeconds,
    free,
    premium,
    free_text: perWindow(free, windowSeconds),
    premium_text: perWindow(premium, windowSeconds),
  });
  return [
    row(
      "api_read",
      "Proxy lists, job status & results",
      60,
      limits.RATE_LIMIT_API_READ_FREE,
      limits.RATE_LIMIT_API_READ_PREMIUM,
    ),
    row(
      "api_check",
      "Submitting check jobs",
      3600,
      limits.RATE_LIMIT_API_CHECK_FREE,
      limits.RATE_LIMIT_API_CHECK_PREMIUM,
    ),
    row(
      "api_export",
      "File exports",
      3600,
      limits.RATE_LIMIT_API_EXPORT_FREE,
      limits.RATE_LIMIT_API_EXPORT_PREMIUM,
    ),
  ];
}

const auth = '  -H "Authorization: Bearer pk_live_YOUR_KEY"';

/** The contract's check-and-poll workflow; `{base}` is the deployment's base URL. */
export const workflow = [
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
].join("\n");
