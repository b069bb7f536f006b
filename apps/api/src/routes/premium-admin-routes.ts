import type { PremiumPool } from "@sieve/core";
import { Router } from "express";
import { z } from "zod";
import type { Guard } from "../http/guard.ts";
import { bodyParsers, parseProxyListBody } from "../http/request-body.ts";

export interface PremiumAdminRoutesDeps {
  guard: Guard;
  premium: PremiumPool;
}

export const ProxiesText = z.object(
  { proxies_text: z.string({ error: "proxies_text is required and must be a string" }) },
  { error: "request body must be a JSON object" },
);

function proxiesText(body: unknown): string {
  return parseProxyListBody(ProxiesText, body, (text) => ({ proxies_text: text })).proxies_text;
}

/** Admins add and remove premium proxies; new ones are checked like the public list before being served. */
export function premiumAdminRoutes(deps: PremiumAdminRoutesDeps): Router {
  const router = Router();
  const guarded = [deps.guard({ permission: "admin.premium.write", category: "api_check" }), ...bodyParsers];

  router.post("/admin/premium/proxies", ...guarded, async (req, res) => {
    res.status(201).json(await deps.premium.add(proxiesText(req.body)));
  });

  router.delete("/admin/premium/proxies", ...guarded, async (req, res) => {
    res.json(await deps.premium.remove(proxiesText(req.body)));
  });

  return router;
}
