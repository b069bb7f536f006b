import { type ApiKeyRepository, rollGraces } from "@sieve/core";
import { forbidden, invalidRequest, notFound, SieveError } from "@sieve/vocabulary";
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { bodyOf, jsonBody, UUID } from "./dashboard-body.ts";
import { sessionOf } from "./session-cookie.ts";
import { requireSession } from "./session-middleware.ts";
import { keyView } from "./views.ts";

const CreateKey = z.object({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, { error: "name is required" })
    .max(100, { error: "name must be at most 100 characters" }),
  expires_days: z.union([z.literal(30), z.literal(90), z.literal(365), z.null()], {
    error: "expires_days must be null (never), 30, 90 or 365",
  }),
});

const RollKey = z.object({
  grace: z.enum(["none", "1h", "24h"], { error: "grace must be none, 1h or 24h" }),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidRequest(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Keys are made and rolled only by verified accounts: a key is the way into the API. */
export const requireVerified: RequestHandler = (_req, res, next) => {
  if (!sessionOf(res).account.emailVerified) throw forbidden("verify your email address first");
  next();
};

/** Account → API Keys: the account's own keys only; another account's key is a 404. */
export function keyRoutes(deps: { keys: ApiKeyRepository }): Router {
  const router = Router();
  const { keys } = deps;

  const ownKeyId = (id: string | string[] | undefined): string => {
    const keyId = String(id);
    if (!UUID.test(keyId)) throw notFound("key not found");
    return keyId.toLowerCase();
  };
  // The repository's "no API key with id" is the same answer for none and someone else's.
  const asNotFound = (error: unknown): never => {
    if (error instanceof SieveError && error.code === "not_found") throw notFound("key not found");
    throw error;
  };

  router.get("/keys", requireSession, async (_req, res) => {
    const listed = await keys.listForAccount(sessionOf(res).account.id);
    const now = new Date();
    res.json({ items: listed.reverse().map((key) => keyView(key, now)) });
  });

  router.post("/keys", requireSession, requireVerified, jsonBody, async (req, res) => {
    const { name, expires_days } = parse(CreateKey, bodyOf(req));
    const created = await keys.create({
      accountId: sessionOf(res).account.id,
      name,
      expiresDays: expires_days,
    });
    res.set("Cache-Control", "no-store");
    res.status(201).json({ key: keyView(created.apiKey), secret: created.key });
  });

  router.post("/keys/:id/revoke", requireSession, async (req, res) => {
    const revoked = await keys.revoke(ownKeyId(req.params.id), sessionOf(res).account.id).catch(asNotFound);
    res.json({ key: keyView(revoked) });
  });

  router.post("/keys/:id/roll", requireSession, requireVerified, jsonBody, async (req, res) => {
    const { grace } = parse(RollKey, bodyOf(req));
    const keyId = ownKeyId(req.params.id);
    const rolled = await keys.roll(keyId, rollGraces[grace], sessionOf(res).account.id).catch(asNotFound);
    res.set("Cache-Control", "no-store");
    res.status(201).json({ key: keyView(rolled.apiKey), secret: rolled.key, old_key: keyView(rolled.old) });
  });

  return router;
}
