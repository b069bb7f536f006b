import {
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
import type { RateLimiter } from "./rate-limits.ts";

export interface GuardRule {
  permission: Permission;
  category: RateCategory;
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

/** The caller of a guarded route, set by the guard. */
export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}

/**
 * Authentication (401), account and permission checks (403), then the rate limit (429), in that
 * order, so a request that may not proceed never spends its caller's quota.
 */
export function createGuard(deps: {
  authenticate: KeyAuthenticator;
  rateLimit: RateLimiter;
  addressLimits: AddressLimits;
  logger: Logger;
}) {
  return (rule: GuardRule): RequestHandler =>
    async (req, res, next) => {
      // Before any key is looked up: made-up keys cost a bounded number of lookups per address.
      const address = addressGroup(req.ip);
      await deps.addressLimits.admit(address);
      await deps.addressLimits.refuseIfLockedOut(address);
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
      const { caller } = result;
      res.removeHeader("WWW-Authenticate");
      res.locals.caller = caller;
      if (!caller.accountActive) throw forbidden("account is not active");
      if (!roleHasPermission(caller.role, rule.permission)) {
        throw forbidden(`your role lacks the ${rule.permission} permission`);
      }
      const premium = isPremium(caller.premiumUntil);
      if (rule.requiresPremium && !premium) throw forbidden("an active premium subscription is required");

      const decision = await deps.rateLimit(rule.category, premium ? "premium" : "free", caller.keyId);
      res.set({
        "RateLimit-Limit": String(decision.limit),
        "RateLimit-Remaining": String(decision.remaining),
        "RateLimit-Reset": String(decision.resetSeconds),
        "RateLimit-Policy": `${decision.limit};w=${decision.windowSeconds}`,
      });
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
      next();
    };
}
export type Guard = ReturnType<typeof createGuard>;
