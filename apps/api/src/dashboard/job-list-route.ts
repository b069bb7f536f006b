import { type CheckJobReader, Pagination } from "@sieve/core";
import { Router } from "express";
import { z } from "zod";
import { callerOf, type Guard } from "../http/guard.ts";
import { parseQuery } from "../http/parse-query.ts";

const JobsQuery = z.strictObject({ ...Pagination.shape });

/** The account's recent jobs, newest first, counted as a read like the job routes. */
export function jobListRoute(deps: { guard: Guard; reader: CheckJobReader }): Router {
  const router = Router();
  router.get("/jobs", deps.guard({ permission: "api.jobs.read", category: "api_read" }), async (req, res) => {
    const { page, limit } = parseQuery(JobsQuery, req);
    const listed = await deps.reader.list(callerOf(res).accountId, { page, limit });
    res.json({
      page,
      limit,
      total: listed.total,
      items: listed.items.map((job) => ({
        job_id: job.job_id,
        status: job.status,
        total: job.total,
        done: job.done,
        counts: job.counts,
        created_at: job.created_at,
        finished_at: job.finished_at,
      })),
    });
  });
  return router;
}
