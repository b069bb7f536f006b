import { createHash, randomInt } from "node:crypto";

/** API keys: `pk_live_` + 32 random base62 characters + a 4-character checksum. */

export const KEY_PREFIX = "pk_live_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 4;
const DISPLAY_LENGTH = KEY_PREFIX.length + 6;
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

function checksum(body: string): string {
  let value = createHash("sha256").update(body).digest().readUInt32BE(0);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out += BASE62[value % 62];
    value = Math.floor(value / 62);
  }
  return out;
}

export interface IssuedKey {
  /** The full key: shown once, never stored. */
  key: string;
  digest: Uint8Array<ArrayBuffer>;
  prefix: string;
}

export function issueApiKey(): IssuedKey {
  let body = "";
  for (let i = 0; i < RANDOM_LENGTH; i++) body += BASE62[randomInt(62)];
  const key = `${KEY_PREFIX}${body}${checksum(body)}`;
  return { key, digest: digestApiKey(key), prefix: key.slice(0, DISPLAY_LENGTH) };
}

/** A well-formed key with a valid checksum; rejects typos without touching the database. */
export function isWellFormedApiKey(candidate: string): boolean {
  if (!KEY_PATTERN.test(candidate)) return false;
  const body = candidate.slice(KEY_PREFIX.length, KEY_PREFIX.length + RANDOM_LENGTH);
  return candidate.endsWith(checksum(body));
}

/** SHA-256 of the key, as the bytes Prisma stores. */
export function digestApiKey(key: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(key).digest());
}
