import type pg from "pg";
import { digestApiKey, isWellFormedApiKey } from "../keys/api-key.ts";

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
 * Looks every key up in PostgreSQL on every request: revocation and suspension take effect on
 * the very next request on every replica, with no cache to invalidate. Plain pg rather than
 * Prisma: one indexed query on the hottest path, without the ORM's per-query CPU.
 */
export function createKeyAuthenticator(deps: { pool: pg.Pool; onTouchError?: (error: unknown) => void }) {
  return async function authenticate(presented: string): Promise<AuthenticationResult> {
    if (!isWellFormedApiKey(presented)) return { ok: false, reason: "malformed" };
    const found = await deps.pool.query<KeyRow>({ ...FIND_KEY, values: [digestApiKey(presented)] });
    const key = found.rows[0];
    if (!key) return { ok: false, reason: "unknown" };
    if (key.revoked_at) return { ok: false, reason: "revoked" };
    const now = new Date();
    // A rolled key's grace ends here too: its expires_at is the end of the grace.
    if (key.expires_at && key.expires_at.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
    if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
      // Recorded at most about once a minute per key, off the request's critical path.
      deps.pool
        .query({ ...TOUCH_KEY, values: [key.key_id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)] })
        .catch((error: unknown) => deps.onTouchError?.(error));
    }
    return {
      ok: true,
      caller: {
        keyId: key.key_id,
        accountId: key.account_id,
        role: key.role,
        accountActive: key.status === "active",
        premiumUntil: key.premium_until,
      },
    };
  };
}
export type KeyAuthenticator = ReturnType<typeof createKeyAuthenticator>;
