import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface Credentials {
  username: string;
  password: string;
}

export interface CredentialCipher {
  encrypt(credentials: Credentials): Uint8Array<ArrayBuffer>;
  decrypt(sealed: Uint8Array): Credentials;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for proxy credentials at rest: version byte, IV, tag, ciphertext. The key comes
 * from config (32 bytes, base64); the database alone never reveals a password.
 */
export function createCredentialCipher(keyBase64: string): CredentialCipher {
  const key = Buffer.from(keyBase64, "base64");
  if (key.length !== 32) throw new Error("credentials key must be 32 bytes, base64-encoded");
  return {
    encrypt(credentials) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([
        cipher.update(JSON.stringify([credentials.username, credentials.password])),
        cipher.final(),
      ]);
      return new Uint8Array(Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]));
    },
    decrypt(sealed) {
      const bytes = Buffer.from(sealed);
      if (bytes[0] !== VERSION) throw new Error("unknown credentials format");
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      const [username, password] = JSON.parse(plain.toString("utf8")) as [string, string];
      return { username, password };
    },
  };
}
