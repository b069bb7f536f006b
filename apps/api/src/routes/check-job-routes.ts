import {
  type Caller,
  type CheckItemExport,
  type CheckJobReader,
  createExportEncoder,
  ExportFormatParam,
  exportContentTypes,
  isPremium,
  itemStatuses,
  Pagination,
  type SubmittedCheckJob,
} from "@sieve/core";
import { type CheckTarget, CheckTargets, notFound } from "@sieve/vocabulary";
import { Router } from "express";
import { z } from "zod";
import { type ExportLimits, sendExport } from "../http/export-response.ts";
import { callerOf, type Guard } from "../http/guard.ts";
import { parseQuery } from "../http/parse-query.ts";
import { bodyParsers, parseProxyListBody } from "../http/request-body.ts";

export interface CheckJobRoutesDeps {
  guard: Guard;
  exports: ExportLimits;
  reader: CheckJobReader;
  submit(request: {
    accountId: string;
    proxiesText: string;
    includeAnonymity: boolean;
    hostCapped: boolean;
    callbackUrl?: string;
    targets?: CheckTarget[];
  }): Promise<SubmittedCheckJob>;
  cancel(accountId: string, jobId: string): Promise<string | null>;
}

export const CheckRequest = z.strictObject(
  {
    proxies_text: z.string({ error: "proxies_text is required and must be a string" }),
    include_anonymity: z.boolean({ error: "include_anonymity must be true or false" }).default(false),
    callback_url: z.string({ error: "callback_url must be a string" }).optional(),
    targets: CheckTargets.optional().meta({
      description:
        "Up to 3 pages requested through each proxy the judge found live, each answered in the items' `targets`",
    }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field "${issue.keys[0]}"`
        : "request body must be a JSON object",
  },
);

export const ItemStatusParam = z.enum([...itemStatuses, "pending"], {
  error: "status must be live, dead, blocked or pending",
});
export const ItemsQuery = z.strictObject({ ...Pagination.shape, status: ItemStatusParam.optional() });
export const JobExportQuery = z.strictObject({
  ...ExportFormatParam.shape,
  status: ItemStatusParam.optional(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const jobExportShape = {
  columns: [
    "proxy",
    "proxy_norm",
    "line",
    "requested_protocol",
    "status",
    "reason",
    "protocol",
    "protocols",
    "https",
    "connect_ms",
    "ttfb_ms",
    "total_ms",
    "exit_ip",
    "asn",
    "org",
    "country",
    "anonymity",
    "targets",
    "checked_at",
  ],
  txtLine: (item: CheckItemExport) => item.proxy,
} as const;

/** The daily cap on distinct hosts is the free tier's; premium accounts and admins are not capped. */
const hostCapApplies = (caller: Caller) => caller.role !== "admin" && !isPremium(caller.premiumUntil);

/** Submitting, reading, exporting and cancelling check jobs; only their owner ever sees them. */
export function checkJobRoutes(deps: CheckJobRoutesDeps): Router {
  const router = Router();

  async function ownedJob(accountId: string, jobId: string | string[] | undefined) {
    const id = String(jobId);
    const job = UUID.test(id) ? await deps.reader.find(accountId, id) : null;
    if (!job) throw notFound("job not found");
    return job;
  }

  router.post(
    "/check",
    deps.guard({ permission: "api.check.write", category: "api_check" }),
    ...bodyParsers,
    async (req, res) => {
      const request = parseProxyListBody<z.output<typeof CheckRequest>>(CheckRequest, req.body, (text) => ({
        proxies_text: text,
        include_anonymity: false,
      }));
      const submitted = await deps.submit({
        accountId: callerOf(res).accountId,
        proxiesText: request.proxies_text,
        includeAnonymity: request.include_anonymity,
        hostCapped: hostCapApplies(callerOf(res)),
        ...(request.callback_url === undefined ? {} : { callbackUrl: request.callback_url }),
        ...(request.targets === undefined ? {} : { targets: request.targets }),
      });
      res.status(202).json(submitted);
    },
  );

  router.get(
    "/jobs/:jobId",
    deps.guard({ permission: "api.jobs.read", category: "api_read" }),
    async (req, res) => {
      res.json(await ownedJob(callerOf(res).accountId, req.params.jobId));
    },
  );

  router.get(
    "/jobs/:jobId/items",
    deps.guard({ permission: "api.jobs.read", category: "api_read" }),
    async (req, res) => {
      const job = await ownedJob(callerOf(res).accountId, req.params.jobId);
      const { page, limit, status } = parseQuery(ItemsQuery, req);
      const result = await deps.reader.items(job, { page, limit, ...(status ? { status } : {}) });
      res.json({ page, limit, ...result });
    },
  );

  router.get(
    "/jobs/:jobId/export",
    deps.guard({ permission: "api.jobs.read", category: "api_export" }),
    async (req, res) => {
      const job = await ownedJob(callerOf(res).accountId, req.params.jobId);
      const query = parseQuery(JobExportQuery, req);
      // The txt file is a ready-to-use list: live proxies unless another status is asked for.
      const status = query.status ?? (query.format === "txt" ? "live" : undefined);
      const headers = {
        "Content-Type": exportContentTypes[query.format],
        "Content-Disposition": `attachment; filename="job-${job.job_id}.${query.format}"`,
      };
      await sendExport(
        res,
        deps.exports,
        headers,
        () => deps.reader.stream(job.job_id, status),
        createExportEncoder(query.format, jobExportShape),
      );
    },
  );

  router.delete(
    "/jobs/:jobId",
    deps.guard({ permission: "api.check.write", category: "api_read" }),
    async (req, res) => {
      // Cancelling only matches the caller's own job, so it is the ownership check too.
      const id = String(req.params.jobId).toLowerCase();
      const status = UUID.test(id) ? await deps.cancel(callerOf(res).accountId, id) : null;
      if (status === null) throw notFound("job not found");
      res.json({ job_id: id, status });
    },
  );

  return router;
}
