import type { SourceRecord, SourceRepository } from "@sieve/core";
import { isoTimestamp } from "@sieve/core";
import { invalidRequest, proxyProtocols } from "@sieve/vocabulary";
import express, { Router } from "express";
import { z } from "zod";
import type { Guard } from "../http/guard.ts";

/** A source added over the web: only http(s), since a file path would read this machine's files. */
export const NewSource = z.object({
  url: z
    .string({ error: "url is required" })
    .trim()
    .max(2048, { error: "url must be at most 2048 characters" })
    .refine((value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), {
      error: "url must be an http(s) URL",
    }),
  interval_minutes: z
    .number({ error: "interval_minutes must be a number" })
    .int({ error: "interval_minutes must be a whole number" })
    .min(1, { error: "interval_minutes must be at least 1" })
    .max(10_080, { error: "interval_minutes must be at most 10080 (a week)" })
    .default(60),
  protocol: z
    .enum(proxyProtocols, { error: `protocol must be one of ${proxyProtocols.join(", ")}` })
    .optional(),
});

const count = z.number().int();

/** One source with its figures, as admins read it. */
export const SourceView = z.object({
  id: z.uuid(),
  url: z.string(),
  protocol: z.enum(proxyProtocols).nullable(),
  interval_minutes: count,
  enabled: z.boolean(),
  last_fetched_at: z.iso.datetime().nullable(),
  last_error: z.string().nullable(),
  /** Addresses in the last successful fetch. */
  candidates: count,
  /** Of those, addresses the list did not have before. */
  new_candidates: count,
  /** Proxies this source lists that are in the list (a proxy several sources list counts for each). */
  listed: count,
  /** Of those, the ones live now. */
  live: count,
  live_fraction: z.number().nullable(),
  /** Of its proxies checked in the last 24 h, the fraction that answered at least once then. */
  alive_fraction_24h: z.number().nullable(),
});
export const SourceListResponse = z.object({ items: z.array(SourceView) });
export const SourceResponse = z.object({ source: SourceView });

/** A source as admins read it, through the key API and the dashboard alike. */
export function sourceView(source: SourceRecord): z.infer<typeof SourceView> {
  return {
    id: source.id,
    url: source.location,
    protocol: source.protocol,
    interval_minutes: source.intervalMinutes,
    enabled: source.enabled,
    last_fetched_at: isoTimestamp(source.lastFetchedAt),
    last_error: source.lastError,
    candidates: source.candidates,
    new_candidates: source.newCandidates,
    listed: source.listed,
    live: source.live,
    live_fraction: source.candidates > 0 ? Math.min(1, source.live / source.candidates) : null,
    alive_fraction_24h: source.aliveFraction24h,
  };
}

const view = sourceView;

/** The verified list's sources over the key API, for admins (`admin.sources.write`). */
export function sourceAdminRoutes(deps: { guard: Guard; sources: SourceRepository }): Router {
  const router = Router();
  const admin = deps.guard({ permission: "admin.sources.write", category: "api_read" });

  router.get("/admin/sources", admin, async (_req, res) => {
    res.json({ items: (await deps.sources.list()).map(view) });
  });

  router.post("/admin/sources", admin, express.json({ limit: "16kb" }), async (req, res) => {
    const parsed = NewSource.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidRequest(parsed.error.issues[0]!.message);
    const added = await deps.sources.add({
      location: new URL(parsed.data.url).toString(),
      intervalMinutes: parsed.data.interval_minutes,
      ...(parsed.data.protocol ? { protocol: parsed.data.protocol } : {}),
    });
    res.status(201).json({ source: view(added) });
  });

  router.delete("/admin/sources/:id", admin, async (req, res) => {
    res.json({ source: view(await deps.sources.remove(String(req.params.id))) });
  });

  return router;
}
