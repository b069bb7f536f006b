import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Nonces the judge accepts, minted by probers: version, 12 random bytes and an expiry (Unix
 * seconds), under a MAC with the shared secret. Stateless, so any judge accepts any prober's nonce
 * and the judge signs nothing the fleet did not ask for. A nonce can be replayed until it expires;
 * that gets the replayer an answer for a probe it did not make, nothing more.
 */
const VERSION = 1;
const RANDOM_BYTES = 12;
const MAC_BYTES = 16;
const BODY_BYTES = 1 + RANDOM_BYTES + 4;
const NONCE_LENGTH = Math.ceil(((BODY_BYTES + MAC_BYTES) * 4) / 3);
const nonceText = new RegExp(`^[A-Za-z0-9_-]{${NONCE_LENGTH}}$`);

/** The longest life a judge accepts: the longest probe attempt (PROBE_TOTAL_TIMEOUT_MS). */
export const maxJudgeNonceLifetimeMs = 600_000;
/** How far the judge's clock may be from a prober's. */
export const judgeNonceClockSkewMs = 30_000;

const keys = new Map<string, Buffer>();
/** A key of its own, derived from the secret, so a nonce MAC is never an answer signature. */
const nonceKey = (secret: string) => {
  let key = keys.get(secret);
  if (!key) {
    key = createHmac("sha256", secret).update("sieve judge nonce key").digest();
    keys.set(secret, key);
  }
  return key;
};
const mac = (secret: string, body: Buffer) =>
  createHmac("sha256", nonceKey(secret)).update(body).digest().subarray(0, MAC_BYTES);

/** A fresh nonce for one request to the judge, good for `lifetimeMs`. */
export function mintJudgeNonce(secret: string, options: { lifetimeMs: number; now?: number }): string {
  const now = options.now ?? Date.now();
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(VERSION, 0);
  randomBytes(RANDOM_BYTES).copy(body, 1);
  body.writeUInt32BE(
    Math.ceil((now + Math.min(options.lifetimeMs, maxJudgeNonceLifetimeMs)) / 1000),
    1 + RANDOM_BYTES,
  );
  return Buffer.concat([body, mac(secret, body)]).toString("base64url");
}

export type JudgeNonceVerdict = "valid" | "malformed" | "forged" | "expired" | "too_far_ahead";

/** Whether the judge may answer this nonce: minted with `secret` and not expired. */
export function checkJudgeNonce(secret: string, nonce: string, now = Date.now()): JudgeNonceVerdict {
  if (!nonceText.test(nonce)) return "malformed";
  const bytes = Buffer.from(nonce, "base64url");
  if (bytes.length !== BODY_BYTES + MAC_BYTES || bytes[0] !== VERSION) return "malformed";
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(secret, body), bytes.subarray(BODY_BYTES))) return "forged";
  const expiresAt = body.readUInt32BE(1 + RANDOM_BYTES) * 1000;
  if (expiresAt < now - judgeNonceClockSkewMs) return "expired";
  if (expiresAt > now + maxJudgeNonceLifetimeMs + judgeNonceClockSkewMs + 1000) return "too_far_ahead";
  return "valid";
}
