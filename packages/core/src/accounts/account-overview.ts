import type { Caller } from "../auth/key-authenticator.ts";
import { isPremium, type Permission, permissionsOf, type RateCategory, type Tier } from "../permissions.ts";
import { isoTimestamp } from "../timestamps.ts";
import type { AccountRecord } from "./account-record.ts";

/** One rate-limit category as it stands for a caller: read, never spent. */
export interface RateLimitStanding {
  category: RateCategory;
  limit: number;
  window_seconds: number;
  remaining: number;
  reset_at: string;
}

/** `GET /api/account`: who the key speaks for, what it may do, and how much of each quota is left. */
export interface AccountOverview {
  account_id: string;
  email: string;
  role: string;
  tier: Tier;
  status: AccountRecord["status"];
  premium_until: string | null;
  permissions: Permission[];
  rate_limits: RateLimitStanding[];
  /** The key that signs this account's webhook calls (`Sieve-Signature`). */
  webhook_secret: string;
}

/**
 * The caller's account and quotas. The quotas are counted against the key (`caller.keyId`), as the
 * guard spends them, and looking at them spends none.
 */
export async function describeAccount(
  deps: {
    accounts: { get(id: string): Promise<AccountRecord> };
    standings(tier: Tier, identity: string): Promise<RateLimitStanding[]>;
    webhookSecret(accountId: string): Promise<string>;
  },
  caller: Caller,
): Promise<AccountOverview> {
  const account = await deps.accounts.get(caller.accountId);
  const tier: Tier = isPremium(account.premiumUntil) ? "premium" : "free";
  return {
    account_id: account.id,
    email: account.email,
    role: account.role,
    tier,
    status: account.status,
    premium_until: isoTimestamp(account.premiumUntil),
    permissions: permissionsOf(account.role),
    rate_limits: await deps.standings(tier, caller.keyId),
    webhook_secret: await deps.webhookSecret(account.id),
  };
}
