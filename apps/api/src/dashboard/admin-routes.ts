import { type AccountDirectory, type AccountRepository, Pagination, type Role } from "@sieve/core";
import { forbidden, invalidRequest, SieveError } from "@sieve/vocabulary";
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { parseQuery } from "../http/parse-query.ts";
import { bodyOf, jsonBody, UUID } from "./dashboard-body.ts";
import { sessionOf } from "./session-cookie.ts";
import { requireSession } from "./session-middleware.ts";
import { adminAccountView } from "./views.ts";

export const requireAdmin: RequestHandler[] = [
  requireSession,
  (_req, res, next) => {
    if (sessionOf(res).account.role !== "admin") throw forbidden("admins only");
    next();
  },
];

const AccountsQuery = z.strictObject({ ...Pagination.shape, q: z.string().max(320).optional() });

/** The admin's accounts page: search, suspend, activate, premium days and roles. */
export function adminAccountRoutes(deps: {
  accounts: AccountRepository;
  directory: AccountDirectory;
}): Router {
  const router = Router();

  const otherAccount = (id: string | string[] | undefined, self: string, what: string): string => {
    const accountId = String(id);
    if (!UUID.test(accountId)) throw invalidRequest("account id must be a UUID");
    if (accountId.toLowerCase() === self)
      throw new SieveError("conflict", `you cannot ${what} your own account`);
    return accountId;
  };

  router.get("/admin/accounts", ...requireAdmin, async (req, res) => {
    const { page, limit, q } = parseQuery(AccountsQuery, req);
    const found = await deps.directory.search({ q, page, limit });
    res.json({ page, limit, total: found.total, items: found.items.map(adminAccountView) });
  });

  router.post("/admin/accounts/:id/suspend", ...requireAdmin, async (req, res) => {
    const id = otherAccount(req.params.id, sessionOf(res).account.id, "suspend");
    res.json({ account: adminAccountView(await deps.accounts.suspend(id)) });
  });

  router.post("/admin/accounts/:id/activate", ...requireAdmin, async (req, res) => {
    const id = otherAccount(req.params.id, sessionOf(res).account.id, "activate");
    res.json({ account: adminAccountView(await deps.accounts.activate(id)) });
  });

  router.post("/admin/accounts/:id/premium", ...requireAdmin, jsonBody, async (req, res) => {
    const id = String(req.params.id);
    if (!UUID.test(id)) throw invalidRequest("account id must be a UUID");
    res.json({ account: adminAccountView(await deps.accounts.setPremium(id, bodyOf(req).days as number)) });
  });

  router.post("/admin/accounts/:id/role", ...requireAdmin, jsonBody, async (req, res) => {
    const id = otherAccount(req.params.id, sessionOf(res).account.id, "change the role of");
    res.json({ account: adminAccountView(await deps.accounts.setRole(id, bodyOf(req).role as Role)) });
  });

  return router;
}
