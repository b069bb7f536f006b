import { readFile } from "node:fs/promises";
import { generate } from "selfsigned";

export interface TlsCredentials {
  cert: string;
  key: string;
}

/**
 * The operator's certificate when configured, else a self-signed one. Probes do not verify it:
 * the HMAC on every answer is what proves it came from the judge.
 */
export async function loadTlsCredentials(files: {
  certFile?: string;
  keyFile?: string;
}): Promise<TlsCredentials> {
  if (files.certFile !== undefined && files.keyFile !== undefined) {
    const [cert, key] = await Promise.all([
      readFile(files.certFile, "utf8"),
      readFile(files.keyFile, "utf8"),
    ]);
    return { cert, key };
  }
  // ECDSA keeps the TLS handshake cheap for the thousands of probes a worker runs.
  const pems = await generate([{ name: "commonName", value: "sieve-judge" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
  });
  return { cert: pems.cert, key: pems.private };
}
