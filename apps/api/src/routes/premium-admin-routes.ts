import { invalidRequest, type PremiumPool } from "@sieve/core";
import express, { Router } from "express";
import { z } from "zod";
import type { Guard } from "../http/guard.ts";

export interface PremiumAdminRoutesDeps {
  guard: Guard;
  premium: PremiumPool;
}

const ProxiesText = z.object(
  { proxies_text: z.string({ error: "proxies_text is required and must be a string" }) },
  { error: "request body must be a JSON object" },
);

function proxiesText(body: unknown): string {
  // text/plain bodies are the list itself.
  if (typeof body === "string") return body;
  if (body === undefined) throw invalidRequest('proxies_text is required: send JSON {"proxies_text": "…"}');
  const parsed = ProxiesText.safeParse(body);
  if (!parsed.success) throw invalidRequest(parsed.error.issues[0]!.message);
  return parsed.data.proxies_text;
}

/** Admins add and remove premium proxies; new ones are checked like the public list before being served. */
export function premiumAdminRoutes(deps: PremiumAdminRoutesDeps): Router {
  const router = Router();
  const guarded = [
    deps.guard({ permission: "admin.premium.write", category: "api_check" }),
    // Bodies are read only once the caller is known to be allowed to send one.
    express.json({ limit: "2mb" }),
    express.text({ limit: "2mb", type: "text/plain" }),
  ];

  router.post("/admin/premium/proxies", ...guarded, async (req, res) => {
    res.status(201).json(await deps.premium.add(proxiesText(req.body)));
  });

  router.delete("/admin/premium/proxies", ...guarded, async (req, res) => {
    res.json(await deps.premium.remove(proxiesText(req.body)));
  });

  return router;
}
