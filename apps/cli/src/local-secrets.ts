import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type LocalSecrets, localStatePaths, readLocalSecrets, withLocalSecrets } from "@sieve/core";

/** This checkout's local state folder and secrets file, after SIEVE_DATA_DIR and SIEVE_LOCAL_SECRETS_FILE. */
export function localPaths(env: NodeJS.ProcessEnv = process.env): { dataDir: string; secretsFile: string } {
  return localStatePaths({ dataDir: env.SIEVE_DATA_DIR, secretsFile: env.SIEVE_LOCAL_SECRETS_FILE });
}

/** The environment with what `pnpm start` keeps for this machine filling what it leaves unset. */
export function localEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return withLocalSecrets(env);
}

/** The secrets `pnpm start` must have to run the judge and the worker. */
export type StartSecrets = LocalSecrets & { CREDENTIALS_KEY: string; JUDGE_SECRET: string };

/** Writes the whole file anew (by rename, so a reader never sees half of it), private to its owner. */
async function writeSecrets(file: string, secrets: LocalSecrets): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
}

/**
 * Secrets for a single-machine `pnpm start`, made once and kept in a private file so results
 * sealed yesterday can still be read today. Deployments set both variables themselves.
 */
export async function loadOrCreateLocalSecrets(file: string): Promise<StartSecrets> {
  const existing = readLocalSecrets(file) ?? {};
  const secrets = {
    ...existing,
    CREDENTIALS_KEY: existing.CREDENTIALS_KEY ?? randomBytes(32).toString("base64"),
    JUDGE_SECRET: existing.JUDGE_SECRET ?? randomBytes(24).toString("base64url"),
  };
  if (
    secrets.CREDENTIALS_KEY !== existing.CREDENTIALS_KEY ||
    secrets.JUDGE_SECRET !== existing.JUDGE_SECRET
  ) {
    await writeSecrets(file, secrets);
  }
  return secrets;
}

/** Adds or replaces some of the kept secrets, keeping the others. */
export async function updateLocalSecrets(file: string, patch: LocalSecrets): Promise<void> {
  await writeSecrets(file, { ...readLocalSecrets(file), ...patch });
}
