import type { WebhookStore } from "@sieve/core";
import { Router } from "express";
import { requireVerified } from "./key-routes.ts";
import { sessionOf } from "./session-cookie.ts";
import { requireSession } from "./session-middleware.ts";

/**
 * Account → Webhooks: the secret that signs the account's webhook calls, and rolling it when it
 * leaked. Verified accounts only, like keys: only they can submit a `callback_url`.
 */
export function webhookSecretRoutes(deps: {
  webhooks: Pick<WebhookStore, "secretOf" | "rollSecret">;
}): Router {
  const router = Router();
  router.get("/webhook-secret", requireSession, requireVerified, async (_req, res) => {
    res.json({ webhook_secret: await deps.webhooks.secretOf(sessionOf(res).account.id) });
  });
  router.post("/webhook-secret/roll", requireSession, requireVerified, async (_req, res) => {
    res.json({ webhook_secret: await deps.webhooks.rollSecret(sessionOf(res).account.id) });
  });
  return router;
}
