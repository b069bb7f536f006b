import type { DatabaseOptions } from "@sieve/core";
import type { ApiConfig } from "./config.ts";

/** The API's pools as its config sets them: a shared pool, an export pool, and their time limits. */
export function databaseOptionsFrom(config: ApiConfig): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    exportPoolMax: config.DATABASE_EXPORT_POOL_MAX,
    acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    exportStatementTimeoutMs: config.EXPORT_TIMEOUT_MS,
  };
}
