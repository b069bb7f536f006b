import {
  type AccountRecord,
  type ApiKeyRecord,
  apiKeyState,
  isoTimestamp,
  isPremium,
  type SessionAccount,
} from "@sieve/core";
import type { RateLimitUsage } from "../http/rate-limit-peek.ts";

/** The JSON shapes of docs/dashboard-api.md, built from core's records. */

type AccountLike = Pick<AccountRecord, "id" | "email" | "role" | "status" | "premiumUntil"> & {
  emailVerified: boolean;
};

export function fromRecord(account: AccountRecord): AccountLike {
  return { ...account, emailVerified: account.emailVerifiedAt !== null };
}

export function fromSession(account: SessionAccount): AccountLike {
  return account;
}

export const tierOf = (account: Pick<AccountLike, "premiumUntil">) =>
  isPremium(account.premiumUntil) ? "premium" : "free";

export function meView(account: AccountLike, limits: RateLimitUsage[]) {
  return {
    id: account.id,
    email: account.email,
    email_verified: account.emailVerified,
    role: account.role,
    tier: tierOf(account),
    status: account.status,
    premium_until: isoTimestamp(account.premiumUntil),
    limits,
  };
}

export function keyView(key: ApiKeyRecord, now = new Date()) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    created_at: key.createdAt.toISOString(),
    last_used_at: isoTimestamp(key.lastUsedAt),
    expires_at: isoTimestamp(key.expiresAt),
    revoked_at: isoTimestamp(key.revokedAt),
    state: apiKeyState(key, now),
  };
}

export function adminAccountView(account: AccountRecord) {
  return {
    id: account.id,
    email: account.email,
    role: account.role,
    tier: tierOf(account),
    status: account.status,
    premium_until: isoTimestamp(account.premiumUntil),
    email_verified: account.emailVerifiedAt !== null,
    created_at: account.createdAt.toISOString(),
  };
}
