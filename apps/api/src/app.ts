import type {
  ApiMetrics,
  Health,
  JobProgressFeed,
  KeyAuthenticator,
  Logger,
  PremiumListReader,
  PremiumPool,
  PremiumPoolEntries,
  ProxyListReader,
  Queues,
  SourceRepository,
} from "@sieve/core";
import { notFound } from "@sieve/vocabulary";
import express, { type Express, type Request, type Response } from "express";
import { DASHBOARD_API_PATH, type DashboardDeps, dashboardRouter } from "./dashboard/dashboard-router.ts";
import { dashboardSite } from "./dashboard/dashboard-site.ts";
import type { AddressLimits } from "./http/address-limits.ts";
import { createErrorHandler } from "./http/error-handler.ts";
import type { ExportLimits } from "./http/export-response.ts";
import { createGuard } from "./http/guard.ts";
import { healthRoutes } from "./http/health-routes.ts";
import type { RateLimiter } from "./http/rate-limits.ts";
import { requestContext } from "./http/request-context.ts";
import { requestMetrics } from "./http/request-metrics.ts";
import { openApiRoute } from "./openapi/openapi-route.ts";
import { type AccountRoutesDeps, accountRoutes } from "./routes/account-routes.ts";
import { type CheckJobRoutesDeps, checkJobRoutes } from "./routes/check-job-routes.ts";
import { jobEventRoutes } from "./routes/job-event-routes.ts";
import { premiumAdminRoutes } from "./routes/premium-admin-routes.ts";
import { premiumProxyRoutes } from "./routes/premium-proxy-routes.ts";
import { proxyRoutes } from "./routes/proxy-routes.ts";
import { queueBoard } from "./routes/queue-board.ts";
import { sourceAdminRoutes } from "./routes/source-admin-routes.ts";

export interface AppDeps {
  logger: Logger;
  authenticate: KeyAuthenticator;
  rateLimit: RateLimiter;
  addressLimits: AddressLimits;
  proxies: ProxyListReader;
  checkJobs: Omit<CheckJobRoutesDeps, "guard" | "exports">;
  account: Omit<AccountRoutesDeps, "guard" | "reader">;
  exports: ExportLimits;
  queues: Queues;
  premium: PremiumPool;
  /** Live job progress for the events route, shared by every stream of the process. */
  jobProgress: JobProgressFeed;
  premiumEntries: PremiumPoolEntries;
  /** The premium pool as premium readers get it, credentials opened. */
  premiumList: PremiumListReader;
  sources: SourceRepository;
  trustProxy?: string | boolean | number;
  /** Readiness for `/readyz`; without it only `/livez` and `/healthz` answer. */
  health?: Health;
  metrics?: ApiMetrics;
  /** The session-authenticated dashboard API; absent, only the key API is served. */
  dashboard?: DashboardDeps;
  /** Bull Board's retry, clean and promote buttons; read-only without it. */
  queueBoardActions?: boolean;
  /** Lets a signed-in admin's browser open Bull Board without a key. */
  boardSession?: (req: Request, res: Response) => Promise<boolean>;
  /** The built dashboard served at `/`. */
  dashboardDistDir?: string;
}

/** Where the public, key-authenticated API is mounted; the document's paths are relative to `/api/v1`. */
export const PUBLIC_API_PATH = "/api/v1/api";

/** Builds the API without listening, so tests drive it in-process. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.trustProxy ?? false);
  app.set("query parser", "simple");
  // No ETag: Express would hash every page of the list (up to 200 items) for a validator no
  // client is promised, since pages change with every re-check (1.6 % of the API's busy time).
  app.set("etag", false);
  if (deps.metrics) app.use(requestMetrics(deps.metrics));
  app.use(requestContext(deps.logger));

  const guard = createGuard(deps);
  const api = express.Router();
  api.use(proxyRoutes({ guard, proxies: deps.proxies, exports: deps.exports }));
  api.use(checkJobRoutes({ guard, exports: deps.exports, ...deps.checkJobs }));
  api.use(accountRoutes({ guard, reader: deps.checkJobs.reader, ...deps.account }));
  api.use(jobEventRoutes({ guard, reader: deps.checkJobs.reader, feed: deps.jobProgress }));
  api.use(premiumProxyRoutes({ guard, premiumList: deps.premiumList, exports: deps.exports }));
  api.use(premiumAdminRoutes({ guard, premium: deps.premium, entries: deps.premiumEntries }));
  api.use(sourceAdminRoutes({ guard, sources: deps.sources }));
  app.use(PUBLIC_API_PATH, api);
  app.use(openApiRoute());
  if (deps.dashboard) app.use(DASHBOARD_API_PATH, dashboardRouter(deps.dashboard));
  app.use(
    queueBoard({
      guard,
      queues: deps.queues,
      actions: deps.queueBoardActions ?? false,
      ...(deps.boardSession ? { viaSession: deps.boardSession } : {}),
    }),
  );

  app.use(healthRoutes(deps.health));
  if (deps.dashboardDistDir) app.use(dashboardSite({ distDir: deps.dashboardDistDir }));
  app.use((req) => {
    throw notFound(`no route for ${req.method} ${req.path}`);
  });
  app.use(createErrorHandler(deps.logger));
  return app;
}
