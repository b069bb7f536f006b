import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What `pnpm start` keeps for one machine in `.sieve/local-secrets.json`: the secrets it made, and
 * the address of the embedded PostgreSQL when it runs one. Any process started alone on the same
 * checkout (`pnpm worker`, `pnpm api`, `pnpm judge`, `pnpm sieve`) fills what its environment
 * leaves unset from here, so a second worker beside `pnpm start` needs no hand work.
 */
export const localSecretNames = ["CREDENTIALS_KEY", "JUDGE_SECRET", "DATABASE_URL"] as const;
export type LocalSecrets = Partial<Record<(typeof localSecretNames)[number], string>>;

export interface LocalStateOverrides {
  /** `SIEVE_DATA_DIR`: where `pnpm start` keeps its state; `.sieve` at the checkout's root when unset. */
  dataDir?: string | undefined;
  /** `SIEVE_LOCAL_SECRETS_FILE`: the secrets file; `local-secrets.json` in the data folder when unset. */
  secretsFile?: string | undefined;
}

const checkoutRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** The local state folder and secrets file of this checkout, after the overrides. */
export function localStatePaths(overrides: LocalStateOverrides): { dataDir: string; secretsFile: string } {
  const dataDir = overrides.dataDir || join(checkoutRoot, ".sieve");
  return { dataDir, secretsFile: overrides.secretsFile || join(dataDir, "local-secrets.json") };
}

/** The secrets kept in `file`, or none when it does not exist; a damaged file is an error naming it. */
export function readLocalSecrets(file: string): LocalSecrets | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON: remove it and run \`pnpm start\` to make a new one`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} must hold a JSON object`);
  }
  const secrets: LocalSecrets = {};
  for (const name of localSecretNames) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value === "string") secrets[name] = value;
  }
  return secrets;
}

/**
 * `env` with each local secret it leaves unset taken from the secrets file (where `env`'s
 * SIEVE_DATA_DIR and SIEVE_LOCAL_SECRETS_FILE say, unless `overrides` name it). What the
 * environment sets always wins, so a deployment that sets its own variables never reads the file's.
 */
export function withLocalSecrets(
  env: Record<string, string | undefined>,
  overrides: LocalStateOverrides = { dataDir: env.SIEVE_DATA_DIR, secretsFile: env.SIEVE_LOCAL_SECRETS_FILE },
): Record<string, string | undefined> {
  const secrets = readLocalSecrets(localStatePaths(overrides).secretsFile);
  if (!secrets) return env;
  const filled = { ...env };
  for (const name of localSecretNames) {
    if (filled[name] === undefined && secrets[name] !== undefined) filled[name] = secrets[name];
  }
  return filled;
}
