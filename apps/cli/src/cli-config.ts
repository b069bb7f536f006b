import {
  checkJobConfig,
  databaseConfig,
  guardConfig,
  parseConfig,
  queueConfig,
  redisConfig,
} from "@sieve/vocabulary";
import { z } from "zod";
import { localEnv } from "./local-secrets.ts";

/**
 * The CLI's configuration: the database it administers (the embedded one of `pnpm start` when
 * unset), the target guard, which refuses guarded addresses at a premium import as the
 * workers would refuse to dial them, and the API's Redis and QUEUE_PREFIX, on which changes to
 * keys and accounts are announced to the API replicas' key caches.
 */
export const cliConfig = databaseConfig.extend(guardConfig.shape).extend({
  REDIS_URL: redisConfig.shape.REDIS_URL,
  QUEUE_PREFIX: queueConfig.shape.QUEUE_PREFIX,
});
export type CliConfig = z.infer<typeof cliConfig>;

/** Only `pool` commands that seal or open premium credentials read the key, and only then. */
export const cliCredentialsConfig = z.object({ CREDENTIALS_KEY: checkJobConfig.shape.CREDENTIALS_KEY });

let parsed: CliConfig | undefined;

// Parsed on first use, not at import, so commands that need no database (help, probe) never fail on it.
export function loadCliConfig(): CliConfig {
  parsed ??= parseConfig(cliConfig, localEnv());
  return parsed;
}

export function loadCliCredentialsKey(): string {
  return parseConfig(cliCredentialsConfig, localEnv()).CREDENTIALS_KEY;
}
