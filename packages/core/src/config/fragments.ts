import { z } from "zod";

/** Config fragments each app composes into its own schema. */

export const databaseConfig = z.object({
  /** PostgreSQL connection string; the database is created by `pnpm db:migrate` if missing. */
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/sieve"),
  /** Connections per process. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
});

export const redisConfig = z.object({
  /** Redis for BullMQ and rate limits. Must run with maxmemory-policy noeviction. */
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
});

export const logConfig = z.object({
  LOG_LEVEL: z.enum(["error", "warn", "info", "http", "debug"]).default("info"),
});

/** CHECK_ALLOW_CIDRS and the like: comma-separated list, empty allowed. */
export const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  );
