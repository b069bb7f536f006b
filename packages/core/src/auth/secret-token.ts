import { createHash, randomBytes } from "node:crypto";

/** A random token for a cookie or a mailed link; only its SHA-256 digest is ever stored. */
export interface SecretToken {
  token: string;
  digest: Uint8Array<ArrayBuffer>;
}

export function newSecretToken(): SecretToken {
  const token = randomBytes(32).toString("base64url");
  return { token, digest: digestToken(token) };
}

export function digestToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token).digest());
}

/** Tokens we issue are 43 base64url characters; anything else is refused without a query. */
export function isWellFormedToken(candidate: unknown): candidate is string {
  return typeof candidate === "string" && /^[A-Za-z0-9_-]{43}$/.test(candidate);
}
