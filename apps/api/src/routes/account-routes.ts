import {
  type AccountRepository,
  type CheckJobReader,
  describeAccount,
  jobStatuses,
  Pagination,
  type RateLimitStanding,
  type Tier,
} from "@sieve/core";
import { Router } from "express";
import { z } from "zod";
import { callerOf, type Guard } from "../http/guard.ts";
import { parseQuery } from "../http/parse-query.ts";

export interface AccountRoutesDeps {
  guard: Guard;
  reader: CheckJobReader;
  accounts: Pick<AccountRepository, "get">;
  /** Reads an identity's quotas without spending them. */
  standings(tier: Tier, identity: string): Promise<RateLimitStanding[]>;
  /** The account's webhook signing secret, made on first use. */
  webhookSecret(accountId: string): Promise<string>;
}

export const JobListQuery = z.strictObject({
  ...Pagination.shape,
  status: z.enum(jobStatuses, { error: `status must be one of ${jobStatuses.join(", ")}` }).optional(),
});

/** Every quota at once, as lists of draft-ietf-httpapi-ratelimit-headers items. */
function standingHeaders(standings: RateLimitStanding[], now = Date.now()): Record<string, string> {
  const policy = standings.map((s) => `"${s.category}";q=${s.limit};w=${s.window_seconds}`);
  const left = standings.map(
    (s) =>
      `"${s.category}";r=${s.remaining};t=${Math.max(0, Math.ceil((Date.parse(s.reset_at) - now) / 1000))}`,
  );
  return { "RateLimit-Policy": policy.join(", "), RateLimit: left.join(", ") };
}

/** What a key's owner can learn about themselves: their jobs, and their account with its quotas. */
export function accountRoutes(deps: AccountRoutesDeps): Router {
  const router = Router();

  router.get("/jobs", deps.guard({ permission: "api.jobs.read", category: "api_read" }), async (req, res) => {
    const { page, limit, status } = parseQuery(JobListQuery, req);
    const listed = await deps.reader.list(callerOf(res).accountId, {
      page,
      limit,
      ...(status ? { status } : {}),
    });
    res.json({ page, limit, ...listed });
  });

  // Spends no quota: a client may look at what is left before every batch of calls.
  router.get("/account", deps.guard({ permission: "api.account.read", category: null }), async (req, res) => {
    parseQuery(z.strictObject({}), req);
    const overview = await describeAccount(deps, callerOf(res));
    res.set(standingHeaders(overview.rate_limits));
    res.json(overview);
  });

  return router;
}
