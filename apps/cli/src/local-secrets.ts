import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface LocalSecrets {
  CREDENTIALS_KEY: string;
  JUDGE_SECRET: string;
}

/**
 * Secrets for a single-machine `pnpm start`, made once and kept in a private file so results
 * sealed yesterday can still be read today. Deployments set both variables themselves.
 */
export async function loadOrCreateLocalSecrets(file: string): Promise<LocalSecrets> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as LocalSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secrets: LocalSecrets = {
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    JUDGE_SECRET: randomBytes(24).toString("base64url"),
  };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return secrets;
}
