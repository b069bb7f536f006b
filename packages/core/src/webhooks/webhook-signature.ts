import { createHmac, randomBytes } from "node:crypto";

export const WEBHOOK_TIMESTAMP_HEADER = "Sieve-Timestamp";
export const WEBHOOK_SIGNATURE_HEADER = "Sieve-Signature";

/**
 * `v1=` and the HMAC-SHA256 of `<timestamp>.<body>` in hex, keyed with the account's secret. The
 * timestamp is signed with the body so a receiver can refuse an old call replayed.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** A new signing secret for an account. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
