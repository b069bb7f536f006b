import { existsSync } from "node:fs";
import { join } from "node:path";
import { unavailable } from "@sieve/vocabulary";
import express, { type RequestHandler, Router } from "express";
import helmet from "helmet";

/** Paths that belong to the API and never fall back to the dashboard's index.html. */
const NOT_DASHBOARD = /^\/(api|admin\/queues|healthz)(\/|$)/;
/** A last segment with a dot names a file: a missing one is a 404, not the app. */
const FILE_PATH = /\/[^/]*\.[^/]*$/;

/**
 * helmet's defaults with a strict policy: scripts, styles, fonts and connections only from this
 * origin, no inline scripts, no framing. Nothing is loaded from third parties.
 */
export const dashboardHelmet = helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'"],
      "style-src": ["'self'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      // Would send a plain-http deployment (one machine, loopback) to https that is not there.
      "upgrade-insecure-requests": null,
    },
  },
  frameguard: { action: "deny" },
});

/**
 * The built dashboard (`apps/web/dist`) on the API's own origin: its files, and index.html for
 * every other GET that is not the API's, so the front end's routes load on refresh. Without a
 * build, a clear 503 says how to make one.
 */
export function dashboardSite(options: { distDir: string }): Router {
  const router = Router();
  const index = join(options.distDir, "index.html");
  const files = express.static(options.distDir, {
    index: false,
    fallthrough: true,
    setHeaders(res, path) {
      // Vite fingerprints everything under assets/: safe to keep for a year.
      if (path.includes(`${join(options.distDir, "assets")}`)) {
        res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      }
    },
  });
  const built: RequestHandler = (_req, _res, next) => {
    if (!existsSync(index)) throw unavailable("the dashboard is not built: run pnpm build");
    next();
  };

  router.use((req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || NOT_DASHBOARD.test(req.path))
      return next("router");
    dashboardHelmet(req, res, next);
  });
  router.use(built, files);
  router.use((req, res, next) => {
    if (FILE_PATH.test(req.path)) return next("router");
    res.set("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
