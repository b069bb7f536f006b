import type pg from "pg";
import type { CredentialCipher } from "../check-jobs/credential-cipher.ts";
import { newWebhookSecret } from "./webhook-signature.ts";

// The secret is sealed with the credentials cipher, which seals a user and a password.
const SEALED_AS = "webhook-secret";

export interface PendingWebhook {
  jobId: string;
  accountId: string;
  callbackUrl: string;
  secret: string;
}

/** Webhook secrets of accounts, and the callbacks of ended jobs still to deliver. */
export function createWebhookStore(deps: { pool: pg.Pool; cipher: CredentialCipher }) {
  const open = (sealed: Uint8Array) => deps.cipher.decrypt(sealed).password;
  return {
    /** The account's signing secret, made and stored on first use. */
    async secretOf(accountId: string): Promise<string> {
      const sealed = deps.cipher.encrypt({ username: SEALED_AS, password: newWebhookSecret() });
      // coalesce keeps a secret that exists; concurrent first uses all end with the same one.
      const result = await deps.pool.query<{ webhook_secret: Uint8Array }>(
        `UPDATE accounts SET webhook_secret = coalesce(webhook_secret, $2) WHERE id = $1
         RETURNING webhook_secret`,
        [accountId, sealed],
      );
      const stored = result.rows[0]?.webhook_secret;
      if (!stored) throw new Error("account not found");
      return open(stored);
    },

    /**
     * A new signing secret in place of the old one, for a secret that leaked. Deliveries still to be
     * retried are signed with the new one, since each attempt reads the secret it signs with.
     */
    async rollSecret(accountId: string): Promise<string> {
      const sealed = deps.cipher.encrypt({ username: SEALED_AS, password: newWebhookSecret() });
      const result = await deps.pool.query<{ webhook_secret: Uint8Array }>(
        "UPDATE accounts SET webhook_secret = $2 WHERE id = $1 RETURNING webhook_secret",
        [accountId, sealed],
      );
      const stored = result.rows[0]?.webhook_secret;
      if (!stored) throw new Error("account not found");
      return open(stored);
    },

    /** The job's callback, if it has one, has ended and was not delivered yet. */
    async pending(jobId: string): Promise<PendingWebhook | null> {
      const result = await deps.pool.query<{
        account_id: string;
        callback_url: string;
        webhook_secret: Uint8Array | null;
      }>(
        `SELECT job.account_id, job.callback_url, account.webhook_secret
         FROM check_jobs job JOIN accounts account ON account.id = job.account_id
         WHERE job.id = $1 AND job.callback_url IS NOT NULL AND job.callback_delivered_at IS NULL
           AND job.status NOT IN ('queued', 'running')`,
        [jobId],
      );
      const row = result.rows[0];
      if (!row) return null;
      const secret = row.webhook_secret ? open(row.webhook_secret) : await this.secretOf(row.account_id);
      return { jobId, accountId: row.account_id, callbackUrl: row.callback_url, secret };
    },

    async markDelivered(jobId: string): Promise<void> {
      await deps.pool.query(
        "UPDATE check_jobs SET callback_delivered_at = now() WHERE id = $1 AND callback_delivered_at IS NULL",
        [jobId],
      );
    },
  };
}
export type WebhookStore = ReturnType<typeof createWebhookStore>;
