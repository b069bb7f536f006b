import type pg from "pg";
import type { Role } from "../permissions.ts";
import { digestToken, isWellFormedToken, newSecretToken } from "./secret-token.ts";

/** The signed-in account as it stands at this request. */
export interface SessionAccount {
  id: string;
  email: string;
  role: Role;
  status: "active" | "suspended";
  premiumUntil: Date | null;
  emailVerified: boolean;
  createdAt: Date;
}

export interface ActiveSession {
  sessionId: string;
  account: SessionAccount;
}

export interface SessionStoreOptions {
  pool: pg.Pool;
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in however active it is. */
  maxAgeMs: number;
  now?: () => Date;
}

interface SessionRow {
  session_id: string;
  last_seen_at: Date;
  expires_at: Date;
  id: string;
  email: string;
  role: Role;
  status: "active" | "suspended";
  premium_until: Date | null;
  email_verified_at: Date | null;
  created_at: Date;
}

const FIND_SESSION = {
  name: "sieve_find_session",
  text: `SELECT s.id AS session_id, s.last_seen_at, s.expires_at,
                a.id, a.email, a.role::text AS role, a.status::text AS status, a.premium_until,
                a.email_verified_at, a.created_at
           FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.digest = $1`,
};

// Idle expiry needs last-seen only to about a minute; writing it on every request would not pay.
const TOUCH_RESOLUTION_MS = 60_000;

/**
 * Server-side sessions in PostgreSQL: the cookie carries a random token, the row its digest.
 * Every request looks the row up, so sign-out, a password change or a suspension ends a
 * session on every replica at once.
 */
export function createSessionStore(options: SessionStoreOptions) {
  const { pool } = options;
  const now = options.now ?? (() => new Date());

  return {
    /** A new session for the account (sign-in rotates: the caller ends the old one). */
    async create(accountId: string): Promise<{ token: string; expiresAt: Date }> {
      const { token, digest } = newSecretToken();
      const started = now();
      const expiresAt = new Date(started.getTime() + options.maxAgeMs);
      // The account's dead sessions go here, so rows of browsers that never came back do not pile up.
      await pool.query(
        "DELETE FROM sessions WHERE account_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)",
        [accountId, started, new Date(started.getTime() - options.idleMs)],
      );
      await pool.query(
        `INSERT INTO sessions (id, account_id, digest, created_at, last_seen_at, expires_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $3, $4)`,
        [accountId, digest, started, expiresAt],
      );
      return { token, expiresAt };
    },

    /** The live session of the token, or null; an expired or suspended one is deleted on sight. */
    async find(token: unknown): Promise<ActiveSession | null> {
      if (!isWellFormedToken(token)) return null;
      const found = await pool.query<SessionRow>({ ...FIND_SESSION, values: [digestToken(token)] });
      const row = found.rows[0];
      if (!row) return null;
      const at = now();
      const idleEnd = row.last_seen_at.getTime() + options.idleMs;
      if (row.status !== "active") {
        await pool.query("DELETE FROM sessions WHERE account_id = $1", [row.id]);
        return null;
      }
      if (at.getTime() >= row.expires_at.getTime() || at.getTime() >= idleEnd) {
        await pool.query("DELETE FROM sessions WHERE id = $1", [row.session_id]);
        return null;
      }
      if (at.getTime() - row.last_seen_at.getTime() >= TOUCH_RESOLUTION_MS) {
        await pool.query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1", [row.session_id, at]);
      }
      return {
        sessionId: row.session_id,
        account: {
          id: row.id,
          email: row.email,
          role: row.role,
          status: row.status,
          premiumUntil: row.premium_until,
          emailVerified: row.email_verified_at !== null,
          createdAt: row.created_at,
        },
      };
    },

    async end(token: unknown): Promise<void> {
      if (!isWellFormedToken(token)) return;
      await pool.query("DELETE FROM sessions WHERE digest = $1", [digestToken(token)]);
    },

    /** Ends every session of the account, but `keepSessionId` when given. */
    async endAllFor(accountId: string, keepSessionId?: string): Promise<number> {
      const result = await pool.query(
        "DELETE FROM sessions WHERE account_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid)",
        [accountId, keepSessionId ?? null],
      );
      return result.rowCount ?? 0;
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
