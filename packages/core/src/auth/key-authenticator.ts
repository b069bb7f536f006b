import type pg from "pg";
import { digestApiKey, isWellFormedApiKey } from "../keys/api-key.ts";
import type { KeyCache } from "./key-cache.ts";

/** Who is calling: the key's account as it stands at this request. */
export interface Caller {
  keyId: string;
  accountId: string;
  role: string;
  accountActive: boolean;
  premiumUntil: Date | null;
}

export type AuthenticationResult =
  | { ok: true; caller: Caller }
  | { ok: false; reason: "malformed" | "unknown" | "revoked" | "expired" };

const LAST_USED_RESOLUTION_MS = 60_000;

interface KeyRow {
  key_id: string;
  revoked_at: Date | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  account_id: string;
  role: string;
  status: string;
  premium_until: Date | null;
}

// Named, so each pooled connection plans it once: it runs on every authenticated request.
const FIND_KEY = {
  name: "sieve_find_api_key",
  text: `SELECT k.id AS key_id, k.revoked_at, k.expires_at, k.last_used_at,
                a.id AS account_id, a.role::text AS role, a.status::text AS status, a.premium_until
           FROM api_keys k JOIN accounts a ON a.id = k.account_id
          WHERE k.digest = $1`,
};

const TOUCH_KEY = {
  name: "sieve_touch_api_key",
  text: `UPDATE api_keys SET last_used_at = $2
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)`,
};

/**
 * Looks keys up in PostgreSQL. Without a cache, every request does, so revocation and suspension
 * take effect on the next request on every replica with nothing to invalidate. With `cache` (an
 * `InvalidatedKeyCache`'s), successful lookups are reused while the cache is trusted; every
 * writer of keys and accounts invalidates it before it returns. Plain pg rather than Prisma: one
 * indexed query on the hottest path, without the ORM's per-query CPU.
 */
export function createKeyAuthenticator(deps: {
  pool: pg.Pool;
  cache?: KeyCache;
  onTouchError?: (error: unknown) => void;
}) {
  const { cache } = deps;

  // Recorded at most about once a minute per key, off the request's critical path.
  function touchIfDue(keyId: string, lastUsedAt: Date | null, now: Date): Date | null {
    if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return lastUsedAt;
    deps.pool
      .query({ ...TOUCH_KEY, values: [keyId, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)] })
      .catch((error: unknown) => deps.onTouchError?.(error));
    return now;
  }

  // A rolled key's grace ends here too: its expires_at is the end of the grace.
  const expired = (expiresAt: Date | null, now: Date) =>
    expiresAt !== null && expiresAt.getTime() <= now.getTime();

  return async function authenticate(presented: string): Promise<AuthenticationResult> {
    if (!isWellFormedApiKey(presented)) return { ok: false, reason: "malformed" };
    const digest = digestApiKey(presented);
    const cacheKey = cache ? Buffer.from(digest).toString("base64") : "";
    const hit = cache?.get(cacheKey);
    if (hit) {
      const now = new Date();
      if (expired(hit.expiresAt, now)) {
        cache?.forget(cacheKey);
        return { ok: false, reason: "expired" };
      }
      hit.lastUsedAt = touchIfDue(hit.caller.keyId, hit.lastUsedAt, now);
      return { ok: true, caller: hit.caller };
    }
    // Taken before the query: an invalidation applied while it runs keeps its answer out.
    const generation = cache?.generation ?? 0;
    const found = await deps.pool.query<KeyRow>({ ...FIND_KEY, values: [digest] });
    const key = found.rows[0];
    if (!key) return { ok: false, reason: "unknown" };
    if (key.revoked_at) return { ok: false, reason: "revoked" };
    const now = new Date();
    if (expired(key.expires_at, now)) return { ok: false, reason: "expired" };
    const lastUsedAt = touchIfDue(key.key_id, key.last_used_at, now);
    const caller: Caller = {
      keyId: key.key_id,
      accountId: key.account_id,
      role: key.role,
      accountActive: key.status === "active",
      premiumUntil: key.premium_until,
    };
    cache?.store(cacheKey, { caller, expiresAt: key.expires_at, lastUsedAt }, generation);
    return { ok: true, caller };
  };
}
export type KeyAuthenticator = ReturnType<typeof createKeyAuthenticator>;
