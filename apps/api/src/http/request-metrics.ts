import type { ApiMetrics } from "@sieve/core";
import type { Request, RequestHandler } from "express";

/**
 * Times every request and labels it by the route pattern it matched (`/api/v1/api/jobs/:id`),
 * never by its raw path, so ids never become label values; requests that matched no route share
 * `unmatched`. Refusals by the guard are counted by status: 401 and 403 here, 429 where the rate
 * limiter decides (it knows the category).
 */
export function requestMetrics(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once("finish", () => {
      const route = routePattern(req);
      const status = res.statusCode;
      metrics.requestFinished({ method: req.method, route, status }, (performance.now() - started) / 1000);
      if (status === 401) metrics.authFailed("unauthenticated");
      else if (status === 403) metrics.authFailed("forbidden");
    });
    next();
  };
}

/**
 * The matched route's full pattern. A request that ended in an error has left its router, which
 * reset `baseUrl`; the mount point is then the request path less as many segments as the route's
 * pattern has (mount points are fixed paths, route parameters one segment each).
 */
function routePattern(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== "string") return "unmatched";
  if (req.baseUrl !== "" || path.includes("*")) return `${req.baseUrl}${path}`;
  const routeSegments = path.split("/").filter(Boolean);
  const requestSegments = req.originalUrl.split("?")[0]!.split("/").filter(Boolean);
  const mount = requestSegments.slice(0, Math.max(0, requestSegments.length - routeSegments.length));
  return `/${[...mount, ...routeSegments].join("/")}`;
}
