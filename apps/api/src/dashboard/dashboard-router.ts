import type {
  AccountAccess,
  AccountDirectory,
  AccountRepository,
  ApiKeyRepository,
  Logger,
  PremiumListReader,
  PremiumPool,
  PremiumPoolEntries,
  ProxyListReader,
  SessionStore,
  SourceRepository,
  WebhookStore,
} from "@sieve/core";
import cookieParser from "cookie-parser";
import { Router } from "express";
import type { ExportLimits } from "../http/export-response.ts";
import { createSessionGuard } from "../http/guard.ts";
import type { RateLimitPeek } from "../http/rate-limit-peek.ts";
import type { RateLimiter } from "../http/rate-limits.ts";
import { type CheckJobRoutesDeps, checkJobRoutes } from "../routes/check-job-routes.ts";
import { premiumProxyRoutes } from "../routes/premium-proxy-routes.ts";
import { proxyRoutes } from "../routes/proxy-routes.ts";
import { adminListRoutes } from "./admin-list-routes.ts";
import { adminAccountRoutes } from "./admin-routes.ts";
import { authRoutes } from "./auth-routes.ts";
import { dashboardHelmet } from "./dashboard-site.ts";
import { jobListRoute } from "./job-list-route.ts";
import { keyRoutes } from "./key-routes.ts";
import type { MailLimiter } from "./mail-limiter.ts";
import { createCsrfProtection, refuseCrossOrigin } from "./request-protection.ts";
import { sessionOf } from "./session-cookie.ts";
import { loadSession, requireSession } from "./session-middleware.ts";
import type { SignInLimiter } from "./sign-in-limiter.ts";
import { fromSession, meView, tierOf } from "./views.ts";
import { webhookSecretRoutes } from "./webhook-secret-routes.ts";

export const DASHBOARD_API_PATH = "/api/v1/dashboard";

export interface DashboardDeps {
  logger: Logger;
  sessions: SessionStore;
  access: AccountAccess;
  accounts: AccountRepository;
  directory: AccountDirectory;
  keys: ApiKeyRepository;
  webhooks: WebhookStore;
  sources: SourceRepository;
  premium: PremiumPool;
  poolEntries: PremiumPoolEntries;
  /** The premium pool as premium readers get it, credentials opened. */
  premiumList: PremiumListReader;
  proxies: ProxyListReader;
  checkJobs: Omit<CheckJobRoutesDeps, "guard" | "exports">;
  /** The public API's export slots, shared, so an account's exports count together. */
  exports: ExportLimits;
  rateLimit: RateLimiter;
  peekRateLimits: RateLimitPeek;
  signInLimiter: SignInLimiter;
  mailLimiter: MailLimiter;
  /** Where people reach the dashboard; its origin is accepted in `Origin` besides the request's own. */
  publicBaseUrl: string;
  /** Key material the CSRF secret is derived from. */
  secretKey: string;
}

/**
 * The dashboard's API: session-authenticated, CSRF-protected, and for checks, jobs and lists the
 * very routers of the public API behind a session guard, so limits and answers are the same.
 */
export function dashboardRouter(deps: DashboardDeps): Router {
  const router = Router();
  const csrf = createCsrfProtection({ secretKey: deps.secretKey });
  const me = async (account: ReturnType<typeof fromSession>) =>
    meView(account, await deps.peekRateLimits(tierOf(account), `account:${account.id}`));

  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  // The dashboard site's headers on its API too (nosniff, no framing, a CSP that allows nothing odd).
  router.use(dashboardHelmet);
  router.use(cookieParser());
  router.use(refuseCrossOrigin([new URL(deps.publicBaseUrl).origin]));
  router.use(loadSession(deps.sessions));
  router.get("/csrf", csrf.issue);
  router.use(csrf.protect);

  router.get("/config", (_req, res) => {
    res.json({ base_url: deps.publicBaseUrl });
  });
  router.use(authRoutes({ ...deps, me }));
  router.get("/me", requireSession, async (_req, res) => {
    res.json(await me(fromSession(sessionOf(res).account)));
  });
  router.use(keyRoutes({ keys: deps.keys }));
  router.use(webhookSecretRoutes({ webhooks: deps.webhooks }));

  const guard = createSessionGuard({ rateLimit: deps.rateLimit });
  router.use(jobListRoute({ guard, reader: deps.checkJobs.reader }));
  router.use(checkJobRoutes({ guard, exports: deps.exports, ...deps.checkJobs }));
  router.use(proxyRoutes({ guard, proxies: deps.proxies, exports: deps.exports }));
  router.use(premiumProxyRoutes({ guard, premiumList: deps.premiumList, exports: deps.exports }));

  router.use(adminAccountRoutes({ accounts: deps.accounts, directory: deps.directory }));
  router.use(adminListRoutes(deps));
  return router;
}
