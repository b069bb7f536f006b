import { Pagination, type PremiumPool, type PremiumPoolEntries, premiumEntryStates } from "@sieve/core";
import { formatHostPort, invalidRequest, normaliseHost, notFound, proxyProtocols } from "@sieve/vocabulary";
import { Router } from "express";
import { z } from "zod";
import type { Guard } from "../http/guard.ts";
import { parseQuery } from "../http/parse-query.ts";
import { bodyParsers, parseProxyListBody } from "../http/request-body.ts";
import { premiumLastCheckFields } from "./proxy-item-fields.ts";

export interface PremiumAdminRoutesDeps {
  guard: Guard;
  premium: PremiumPool;
  entries: PremiumPoolEntries;
}

export const ProxiesText = z.object(
  { proxies_text: z.string({ error: "proxies_text is required and must be a string" }) },
  { error: "request body must be a JSON object" },
);

/** The one entry a DELETE removes: every part of its identity, nothing guessed. */
export const PremiumEntryKey = z.strictObject(
  {
    host: z
      .string({ error: "host is required: the entry's IP address" })
      .trim()
      .min(1, { error: "host is required: the entry's IP address" })
      .max(255),
    port: z.coerce
      .number({ error: "port is required: a number from 1 to 65535" })
      .int({ error: "port must be a whole number from 1 to 65535" })
      .min(1, { error: "port must be a number from 1 to 65535" })
      .max(65_535, { error: "port must be a number from 1 to 65535" }),
    protocol: z.enum(proxyProtocols, {
      error: `protocol is required: one of ${proxyProtocols.join(", ")}`,
    }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field "${issue.keys[0]}"`
        : 'request body must be a JSON object {"host", "port", "protocol"}',
  },
);

export const PremiumEntriesQuery = z.strictObject({
  ...Pagination.shape,
  state: z
    .enum(premiumEntryStates, { error: `state must be one of ${premiumEntryStates.join(", ")}` })
    .optional(),
});

/** What an import answers: counts, the addresses refused with their reasons, unreadable lines. */
export const PremiumImportResponse = z.object({
  candidates: z.number().int(),
  added: z.number().int(),
  with_credentials: z.number().int(),
  refused: z.array(z.object({ proxy: z.string(), reason: z.string() })),
  invalid_lines: z.number().int(),
  invalid_examples: z.array(z.object({ line: z.string(), error: z.string() })),
});

export const PremiumEntriesResponse = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  items: z.array(
    z.object({
      proxy_norm: z.string(),
      host: z.string(),
      port: z.number().int(),
      protocol: z.enum(proxyProtocols),
      detect_protocol: z.boolean(),
      state: z.enum(premiumEntryStates),
      alive: z.boolean(),
      username: z.string().nullable(),
      has_credentials: z.boolean(),
      ...premiumLastCheckFields,
      last_success_at: z.iso.datetime().nullable(),
      last_error: z.string().nullable(),
      next_check_at: z.iso.datetime().nullable(),
      first_seen_at: z.iso.datetime(),
    }),
  ),
});

export const PremiumRemoveResponse = z.object({ removed: z.literal(1) });

function entryKey(body: unknown) {
  const parsed = PremiumEntryKey.safeParse(body ?? {});
  if (!parsed.success) throw invalidRequest(parsed.error.issues[0]!.message);
  const host = normaliseHost(parsed.data.host.replace(/^\[(.*)\]$/, "$1"));
  if (!host) throw invalidRequest("host must be an IPv4 or IPv6 address");
  return { ...parsed.data, host };
}

/** Admins list, add and remove premium proxies; new ones are checked like the public list before being served. */
export function premiumAdminRoutes(deps: PremiumAdminRoutesDeps): Router {
  const router = Router();
  const admin = deps.guard({ permission: "admin.premium.write", category: "api_check" });
  const adminRead = deps.guard({ permission: "admin.premium.write", category: "api_read" });

  router.get("/admin/premium/proxies", adminRead, async (req, res) => {
    const { page, limit, state } = parseQuery(PremiumEntriesQuery, req);
    const found = await deps.entries.page({ page, limit, ...(state ? { state } : {}) });
    res.json({ page, limit, ...found });
  });

  router.post("/admin/premium/proxies", admin, ...bodyParsers, async (req, res) => {
    const { proxies_text } = parseProxyListBody(ProxiesText, req.body, (text) => ({ proxies_text: text }));
    res.status(201).json(await deps.premium.add(proxies_text));
  });

  // A JSON body, or the same three fields as query parameters for clients that send no DELETE body.
  router.delete("/admin/premium/proxies", admin, ...bodyParsers, async (req, res) => {
    const hasBody =
      req.body !== undefined && typeof req.body === "object" && Object.keys(req.body).length > 0;
    const key = entryKey(hasBody ? req.body : req.query);
    const removed = await deps.entries.remove(key);
    if (removed === 0) {
      throw notFound(`no premium entry ${key.protocol}://${formatHostPort(key.host, key.port)}`);
    }
    res.json({ removed });
  });

  return router;
}
