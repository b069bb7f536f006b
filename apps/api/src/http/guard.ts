import {
  type ActiveSession,
  type Caller,
  isPremium,
  type KeyAuthenticator,
  type Logger,
  type Permission,
  type RateCategory,
  roleHasPermission,
} from "@sieve/core";
import { forbidden, SieveError, unauthenticated } from "@sieve/vocabulary";
import type { RequestHandler, Response } from "express";
import type { AddressLimits } from "./address-limits.ts";
import { addressGroup } from "./client-address.ts";
import { rateLimitHeaders } from "./rate-limit-headers.ts";
import type { RateLimiter } from "./rate-limits.ts";

export interface GuardRule {
  permission: Permission;
  /** The quota the request spends; null for operator pages (Bull Board), bounded by the address limit alone. */
  category: RateCategory | null;
  requiresPremium?: boolean;
  /** Also take the key as the password of HTTP Basic auth, so a browser can open the page. */
  allowBasicAuth?: boolean;
}

const BEARER = /^Bearer +(\S+) *$/i;
const BASIC = /^Basic +([A-Za-z0-9+/=]+) *$/i;

/** The key a request presents, or undefined when the header is not a form this route takes. */
function presentedKey(header: string, allowBasicAuth: boolean): string | undefined {
  const bearer = BEARER.exec(header)?.[1];
  if (bearer || !allowBasicAuth) return bearer;
  const basic = BASIC.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1) || undefined;
}

const GUARD_RULE = Symbol("guardRule");

/** The rule a guard handler enforces, so the OpenAPI contract test can compare routes with the document. */
export function guardRuleOf(handler: unknown): GuardRule | undefined {
  return (handler as { [GUARD_RULE]?: GuardRule } | undefined)?.[GUARD_RULE];
}

function enforcing(rule: GuardRule, handler: RequestHandler): RequestHandler {
  return Object.assign(handler, { [GUARD_RULE]: rule });
}

/** The caller of a guarded route, set by the guard. */
export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}

/**
 * Account and permission checks (403), then the rate limit (429) counted against `identity`, so
 * a request that may not proceed never spends its caller's quota. Shared by keys and sessions.
 */
export async function admit(
  rateLimit: RateLimiter,
  rule: GuardRule,
  caller: Caller,
  identity: string,
  res: Response,
): Promise<void> {
  res.locals.caller = caller;
  if (!caller.accountActive) throw forbidden("account is not active");
  if (!roleHasPermission(caller.role, rule.permission)) {
    throw forbidden(`your role lacks the ${rule.permission} permission`);
  }
  const premium = isPremium(caller.premiumUntil);
  if (rule.requiresPremium && !premium) throw forbidden("an active premium subscription is required");
  if (rule.category === null) return;

  const decision = await rateLimit(rule.category, premium ? "premium" : "free", identity);
  res.set(rateLimitHeaders(rule.category, decision));
  if (!decision.allowed) {
    res.set("Retry-After", String(decision.resetSeconds));
    throw new SieveError(
      "rate_limited",
      `rate limit exceeded for ${rule.category}: retry in ${decision.resetSeconds} s`,
      {
        category: rule.category,
        retry_after: decision.resetSeconds,
      },
    );
  }
}

/** Per-address limits, authentication by API key (401), then `admit`. */
export function createGuard(deps: {
  authenticate: KeyAuthenticator;
  rateLimit: RateLimiter;
  addressLimits: AddressLimits;
  logger: Logger;
}) {
  return (rule: GuardRule): RequestHandler =>
    enforcing(rule, async (req, res, next) => {
      // Before any key is looked up: made-up keys cost a bounded number of lookups per address.
      const address = addressGroup(req.ip);
      // Asked of Redis together, one round trip instead of two in a row; the per-minute refusal
      // wins over the lockout.
      const [admitted, lockout] = await Promise.allSettled([
        deps.addressLimits.admit(address),
        deps.addressLimits.refuseIfLockedOut(address),
      ]);
      if (admitted.status === "rejected") throw admitted.reason;
      if (lockout.status === "rejected") throw lockout.reason;
      if (rule.allowBasicAuth) res.set("WWW-Authenticate", 'Basic realm="Sieve", charset="UTF-8"');
      const header = req.get("authorization");
      if (!header) throw unauthenticated("missing API key: send Authorization: Bearer pk_live_…");
      const presented = presentedKey(header, rule.allowBasicAuth ?? false);
      if (!presented) throw unauthenticated("malformed Authorization header: expected Bearer pk_live_…");
      const result = await deps.authenticate(presented);
      if (!result.ok) {
        await deps.addressLimits.recordFailure(address);
        // One answer for every refused key, so a caller cannot learn which keys once existed.
        deps.logger.info("API key refused", { requestId: res.locals.requestId, reason: result.reason });
        throw unauthenticated("invalid API key");
      }
      res.removeHeader("WWW-Authenticate");
      await admit(deps.rateLimit, rule, result.caller, result.caller.keyId, res);
      next();
    });
}
export type Guard = ReturnType<typeof createGuard>;

/**
 * The same checks for a signed-in dashboard session (set by `loadSession`), counted against
 * `account:<id>`: the dashboard spends the account's own quota, not a key's. The dashboard asks
 * for a verified address before it checks or reads anything for the account.
 */
export function createSessionGuard(deps: { rateLimit: RateLimiter }): Guard {
  return (rule: GuardRule): RequestHandler =>
    enforcing(rule, async (_req, res, next) => {
      const session = res.locals.session as ActiveSession | undefined;
      if (!session) throw unauthenticated("sign in first");
      const { account } = session;
      if (account.status === "active" && !account.emailVerified) {
        throw forbidden("verify your email address first");
      }
      const caller: Caller = {
        keyId: "",
        accountId: account.id,
        role: account.role,
        accountActive: account.status === "active",
        premiumUntil: account.premiumUntil,
      };
      await admit(deps.rateLimit, rule, caller, `account:${account.id}`, res);
      next();
    });
}
