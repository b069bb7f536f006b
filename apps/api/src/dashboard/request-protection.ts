import { createHmac } from "node:crypto";
import { forbidden } from "@sieve/vocabulary";
import { doubleCsrf } from "csrf-csrf";
import type { Request, RequestHandler } from "express";
import { sessionToken } from "./session-cookie.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_COOKIE = "sieve_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** This request's own origin, as the browser would write it in `Origin`. */
function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get("host")}`;
}

/**
 * Refuses state-changing requests another site started: an `Origin` that is not ours, or a
 * browser's `Sec-Fetch-Site: cross-site`. Requests without either (curl, old browsers) go on to
 * the CSRF token check, which they cannot pass without reading our cookie.
 */
export function refuseCrossOrigin(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    const fetchSite = req.get("sec-fetch-site");
    const foreignOrigin =
      origin !== undefined && origin !== ownOrigin(req) && !allowedOrigins.includes(origin);
    if (foreignOrigin || fetchSite === "cross-site") throw forbidden("cross-origin request refused");
    next();
  };
}

/**
 * Double-submit CSRF tokens (csrf-csrf) bound to the session cookie: a token taken before
 * sign-in stops working after it, so a token planted before sign-in is useless afterwards.
 */
export function createCsrfProtection(options: { secretKey: string }) {
  // Derived, not configured: one secret less to manage, and never the key itself.
  const secret = createHmac("sha256", options.secretKey).update("sieve dashboard csrf").digest("base64url");
  const csrf = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => sessionToken(req) ?? "",
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: "lax", path: "/", httpOnly: true, secure: false },
    getCsrfTokenFromRequest: (req) => req.get(CSRF_HEADER),
  });

  const issue: RequestHandler = (req, res) => {
    const token = csrf.generateCsrfToken(req, res, { cookieOptions: { secure: req.secure } });
    res.set("Cache-Control", "no-store").json({ token });
  };

  const protect: RequestHandler = (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || csrf.validateRequest(req)) return next();
    throw forbidden("invalid or missing CSRF token");
  };

  return { issue, protect };
}
