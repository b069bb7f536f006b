import type { ActiveSession } from "@sieve/core";
import type { CookieOptions, Request, Response } from "express";

export const SESSION_COOKIE = "sieve_session";

/** HttpOnly so scripts never read it; Lax so other sites' forms and fetches do not carry it. */
function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: req.secure };
}

export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), expires: expiresAt });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

export function sessionToken(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === "string" ? value : undefined;
}

/** The session of a route behind `requireSession`. */
export function sessionOf(res: Response): ActiveSession {
  return res.locals.session as ActiveSession;
}
