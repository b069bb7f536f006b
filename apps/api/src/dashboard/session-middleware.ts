import type { SessionStore } from "@sieve/core";
import { unauthenticated } from "@sieve/vocabulary";
import type { RequestHandler } from "express";
import { clearSessionCookie, sessionToken } from "./session-cookie.ts";

/** Looks the cookie's session up on every request; a dead one's cookie is cleared. */
export function loadSession(sessions: SessionStore): RequestHandler {
  return async (req, res, next) => {
    const token = sessionToken(req);
    if (token !== undefined) {
      const session = await sessions.find(token);
      if (session) res.locals.session = session;
      else clearSessionCookie(req, res);
    }
    next();
  };
}

export const requireSession: RequestHandler = (_req, res, next) => {
  if (!res.locals.session) throw unauthenticated("sign in first");
  next();
};
