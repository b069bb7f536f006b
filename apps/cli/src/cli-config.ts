import { databaseConfig, parseConfig } from "@sieve/vocabulary";
import type { z } from "zod";
import { localEnv } from "./local-secrets.ts";

/** The CLI's configuration: only the database it administers (the embedded one of `pnpm start` when unset). */
export const cliConfig = databaseConfig;
export type CliConfig = z.infer<typeof cliConfig>;

let parsed: CliConfig | undefined;

// Parsed on first use, not at import, so commands that need no database (help, probe) never fail on it.
export function loadCliConfig(): CliConfig {
  parsed ??= parseConfig(cliConfig, localEnv());
  return parsed;
}
