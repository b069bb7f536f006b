import type { AccountAccess, Logger, SessionStore } from "@sieve/core";
import { SieveError, unauthenticated } from "@sieve/vocabulary";
import { type Request, type Response, Router } from "express";
import { bodyOf, jsonBody } from "./dashboard-body.ts";
import type { MailLimiter } from "./mail-limiter.ts";
import { clearSessionCookie, sessionOf, sessionToken, setSessionCookie } from "./session-cookie.ts";
import { requireSession } from "./session-middleware.ts";
import type { SignInLimiter } from "./sign-in-limiter.ts";
import { fromRecord, fromSession } from "./views.ts";

export interface AuthRoutesDeps {
  access: AccountAccess;
  sessions: SessionStore;
  signInLimiter: SignInLimiter;
  mailLimiter: MailLimiter;
  logger: Logger;
  /** The `Me` view of an account, with its rate-limit usage. */
  me(account: ReturnType<typeof fromRecord>): Promise<unknown>;
}

/** Sign-up, verification, sign-in and out, and passwords: the routes before and around a session. */
export function authRoutes(deps: AuthRoutesDeps): Router {
  const router = Router();
  const { access, sessions } = deps;

  /** A fresh session for the account; the request's old one (if any) ends: sessions rotate. */
  async function startSession(req: Request, res: Response, accountId: string): Promise<void> {
    const previous = sessionToken(req);
    if (previous !== undefined) await sessions.end(previous);
    const { token, expiresAt } = await sessions.create(accountId);
    setSessionCookie(req, res, token, expiresAt);
  }

  /** 429 when this client has caused too many mails this hour. */
  async function limitMail(req: Request, res: Response): Promise<void> {
    const wait = await deps.mailLimiter.client(req.ip ?? "unknown");
    if (wait === 0) return;
    res.set("Retry-After", String(wait));
    throw new SieveError("rate_limited", `too many mails asked for: retry in ${wait} s`, {
      retry_after: wait,
    });
  }

  router.post("/auth/signup", jsonBody, async (req, res) => {
    const body = bodyOf(req);
    await limitMail(req, res);
    const account = await access.signUp({ email: body.email, password: body.password });
    res.status(201).json({ account: await deps.me(fromRecord(account)) });
  });

  router.post("/auth/verify", jsonBody, async (req, res) => {
    const account = await access.verifyEmail(bodyOf(req).token);
    res.json({ account: await deps.me(fromRecord(account)) });
  });

  router.post("/auth/resend-verification", requireSession, async (req, res) => {
    await limitMail(req, res);
    await access.resendVerification(sessionOf(res).account.id);
    res.status(202).json({});
  });

  router.post("/auth/signin", jsonBody, async (req, res) => {
    const { email, password } = bodyOf(req);
    const ip = req.ip ?? "unknown";
    const wait = await deps.signInLimiter.retryAfter(email, ip);
    if (wait > 0) {
      res.set("Retry-After", String(wait));
      throw new SieveError("rate_limited", `too many sign-in attempts: retry in ${wait} s`, {
        retry_after: wait,
      });
    }
    const result = await access.signIn({ email, password });
    if (!result.ok) {
      await deps.signInLimiter.recordFailure(email, ip);
      throw unauthenticated("wrong email or password");
    }
    await deps.signInLimiter.recordSuccess(email);
    await startSession(req, res, result.account.id);
    res.json({ account: await deps.me(fromRecord(result.account)) });
  });

  router.post("/auth/signout", async (req, res) => {
    const token = sessionToken(req);
    if (token !== undefined) await sessions.end(token);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.post("/auth/password", requireSession, jsonBody, async (req, res) => {
    const body = bodyOf(req);
    const { account, sessionId } = sessionOf(res);
    await access.changePassword(
      account.id,
      { current: body.current_password, next: body.new_password },
      sessionId,
    );
    // Rotated: whoever held this cookie before the change holds nothing now.
    await sessions.endAllFor(account.id);
    await startSession(req, res, fromSession(account).id);
    res.status(204).end();
  });

  router.post("/auth/reset-request", jsonBody, async (req, res) => {
    const email = bodyOf(req).email;
    // Answered before the work, so the time taken does not tell whether the account exists.
    res.status(202).json({});
    access
      .requestReset(email)
      .catch((error: unknown) => deps.logger.warn("password reset failed", { error }));
  });

  router.post("/auth/reset", jsonBody, async (req, res) => {
    const body = bodyOf(req);
    await access.resetPassword({ token: body.token, password: body.password });
    res.status(204).end();
  });

  return router;
}
