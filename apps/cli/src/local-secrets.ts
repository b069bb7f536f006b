import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export interface LocalSecrets {
  CREDENTIALS_KEY: string;
  JUDGE_SECRET: string;
}

/** `.sieve/local-secrets.json` at the repository root unless `SIEVE_LOCAL_SECRETS_FILE` says otherwise. */
export function localSecretsFile(env: NodeJS.ProcessEnv): string {
  return (
    env.SIEVE_LOCAL_SECRETS_FILE ??
    fileURLToPath(new URL("../../../.sieve/local-secrets.json", import.meta.url))
  );
}

/** The secrets `pnpm start` made on this machine, or none if it has not run here. */
export async function readLocalSecrets(file: string): Promise<LocalSecrets | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as LocalSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Secrets for a single-machine `pnpm start`, made once and kept in a private file so results
 * sealed yesterday can still be read today. Deployments set both variables themselves.
 */
export async function loadOrCreateLocalSecrets(file: string): Promise<LocalSecrets> {
  const existing = await readLocalSecrets(file);
  if (existing) return existing;
  const secrets: LocalSecrets = {
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    JUDGE_SECRET: randomBytes(24).toString("base64url"),
  };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return secrets;
}
