import type { RateCategory } from "@sieve/core";
import type { RateDecision } from "./rate-limits.ts";

/**
 * The quota a response was counted against, as draft-ietf-httpapi-ratelimit-headers spells it in
 * structured fields: the policy (`q` requests per `w` seconds) and what is left of it (`r`
 * requests, reset in `t` seconds), both named by the category, so a client can tell apart the
 * quotas of different routes.
 */
export function rateLimitHeaders(category: RateCategory, decision: RateDecision): Record<string, string> {
  return {
    "RateLimit-Policy": `"${category}";q=${decision.limit};w=${decision.windowSeconds}`,
    RateLimit: `"${category}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}
