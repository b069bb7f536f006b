import type { SessionStore } from "@sieve/core";
import cookieParser from "cookie-parser";
import type { Request, Response } from "express";
import { refuseCrossOrigin } from "./request-protection.ts";
import { sessionToken } from "./session-cookie.ts";

const parseCookies = cookieParser();

/**
 * Whether the request comes from a signed-in admin's browser, so Bull Board opens without a key
 * and without spending API quota. Its state-changing calls (retry, clean) must be same-origin.
 */
export function createBoardSessionCheck(deps: { sessions: SessionStore; publicBaseUrl: string }) {
  const sameOrigin = refuseCrossOrigin([new URL(deps.publicBaseUrl).origin]);
  return async (req: Request, res: Response): Promise<boolean> => {
    parseCookies(req, res, () => {});
    const token = sessionToken(req);
    if (token === undefined) return false;
    const session = await deps.sessions.find(token);
    if (session?.account.role !== "admin") return false;
    sameOrigin(req, res, () => {});
    return true;
  };
}
