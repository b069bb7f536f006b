import { Pagination, type PremiumPool, type PremiumPoolEntries, type SourceRepository } from "@sieve/core";
import { invalidRequest, normaliseHost, proxyProtocols } from "@sieve/vocabulary";
import express, { Router } from "express";
import { z } from "zod";
import { parseQuery } from "../http/parse-query.ts";
import { BODY_LIMIT } from "../http/request-body.ts";
import { NewSource, sourceView } from "../routes/source-admin-routes.ts";
import { requireAdmin } from "./admin-routes.ts";
import { bodyOf, jsonBody } from "./dashboard-body.ts";

const PoolEntry = z.object({
  host: z.string({ error: "host is required" }).trim().min(1, { error: "host is required" }).max(255),
  port: z
    .number({ error: "port must be a number" })
    .int()
    .min(1)
    .max(65_535, { error: "port must be 1-65535" }),
  protocol: z.enum(proxyProtocols, { error: `protocol must be one of ${proxyProtocols.join(", ")}` }),
});

const Lines = z.object({ lines: z.string({ error: "lines is required and must be a string" }) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidRequest(parsed.error.issues[0]!.message);
  return parsed.data;
}

const PoolQuery = z.strictObject({ ...Pagination.shape });
/** A pasted pool list may be as large as a check submission. */
const poolBody = express.json({ limit: BODY_LIMIT });

/** The admin's sources and premium pool pages, over core's source and pool code. */
export function adminListRoutes(deps: {
  sources: SourceRepository;
  premium: PremiumPool;
  poolEntries: PremiumPoolEntries;
}): Router {
  const router = Router();

  router.get("/admin/sources", ...requireAdmin, async (_req, res) => {
    res.json({ items: (await deps.sources.list()).map(sourceView) });
  });

  router.post("/admin/sources", ...requireAdmin, jsonBody, async (req, res) => {
    const input = parse(NewSource, bodyOf(req));
    const added = await deps.sources.add({
      location: new URL(input.url).toString(),
      intervalMinutes: input.interval_minutes,
      ...(input.protocol ? { protocol: input.protocol } : {}),
    });
    res.status(201).json({ source: sourceView(added) });
  });

  router.delete("/admin/sources/:id", ...requireAdmin, async (req, res) => {
    res.json({ source: sourceView(await deps.sources.remove(String(req.params.id))) });
  });

  router.get("/admin/pool", ...requireAdmin, async (req, res) => {
    const { page, limit } = parseQuery(PoolQuery, req);
    const found = await deps.poolEntries.page({ page, limit });
    res.json({ page, limit, ...found });
  });

  router.post("/admin/pool", ...requireAdmin, poolBody, async (req, res) => {
    const { lines } = parse(Lines, bodyOf(req));
    res.status(201).json(await deps.premium.add(lines));
  });

  router.delete("/admin/pool", ...requireAdmin, jsonBody, async (req, res) => {
    const entry = parse(PoolEntry, bodyOf(req));
    const host = normaliseHost(entry.host.replace(/^\[(.*)\]$/, "$1"));
    if (!host) throw invalidRequest("host must be an IPv4 or IPv6 address");
    res.json({ removed: await deps.poolEntries.remove({ ...entry, host }) });
  });

  return router;
}
