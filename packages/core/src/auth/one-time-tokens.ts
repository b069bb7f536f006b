import type pg from "pg";
import { digestToken, isWellFormedToken, newSecretToken } from "./secret-token.ts";

export type OneTimePurpose = "verify_email" | "reset_password";

/**
 * Mailed links for verifying an address and resetting a password. Stored as digests, so a copy
 * of the database opens nothing; each is used at most once and expires.
 */
export function createOneTimeTokens(deps: { pool: pg.Pool; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    /** A new token; earlier unused tokens of the same purpose stop working. */
    async issue(accountId: string, purpose: OneTimePurpose, ttlMs: number): Promise<string> {
      const { token, digest } = newSecretToken();
      const at = now();
      // Used and expired links of the account are kept no longer than it takes to issue the next.
      await deps.pool.query(
        "DELETE FROM account_tokens WHERE account_id = $1 AND (used_at IS NOT NULL OR expires_at <= $2)",
        [accountId, at],
      );
      await deps.pool.query(
        `WITH spent AS (UPDATE account_tokens SET used_at = $4
                         WHERE account_id = $1 AND purpose = $2::account_token_purpose AND used_at IS NULL)
         INSERT INTO account_tokens (id, account_id, purpose, digest, created_at, expires_at)
         VALUES (gen_random_uuid(), $1, $2::account_token_purpose, $3, $4, $5)`,
        [accountId, purpose, digest, at, new Date(at.getTime() + ttlMs)],
      );
      return token;
    },

    /** The token's account if it is valid for `purpose`, marking it used in the same statement. */
    async consume(token: unknown, purpose: OneTimePurpose): Promise<string | null> {
      if (!isWellFormedToken(token)) return null;
      const at = now();
      const result = await deps.pool.query<{ account_id: string }>(
        `UPDATE account_tokens SET used_at = $3
          WHERE digest = $1 AND purpose = $2::account_token_purpose AND used_at IS NULL AND expires_at > $3
          RETURNING account_id`,
        [digestToken(token), purpose, at],
      );
      return result.rows[0]?.account_id ?? null;
    },
  };
}
export type OneTimeTokens = ReturnType<typeof createOneTimeTokens>;
