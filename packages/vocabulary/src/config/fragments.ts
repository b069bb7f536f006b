import { z } from "zod";
import { parseRedisUrl } from "./redis-url.ts";

/** Config fragments each app composes into its own schema. */

/** A whole number from 1 to `max`, read from text, `fallback` when unset. */
export const count = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

export const databaseConfig = z.object({
  /** PostgreSQL connection string; the database is created by `pnpm db:migrate` if missing. */
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/sieve"),
  /** Connections per process. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
});

export const redisConfig = z.object({
  /**
   * Redis for BullMQ and rate limits. Must run with maxmemory-policy noeviction. A Redis Cluster
   * is `redis+cluster://host:port,host:port` (seed nodes), with a hash-tagged QUEUE_PREFIX.
   */
  REDIS_URL: z
    .string()
    .default("redis://127.0.0.1:6379")
    .superRefine((value, context) => {
      try {
        parseRedisUrl(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  /** `true` runs on a Redis whose maxmemory-policy may evict keys (a warning instead of exit 1). */
  REDIS_ALLOW_EVICTION: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("false")
    .transform((value) => value === "true"),
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

export const queueConfig = z.object({
  /**
   * Prefix of every BullMQ key in Redis; deployments sharing a Redis use different ones. On a
   * Redis Cluster it must hold a hash tag (`{sieve}`) so that each queue's keys share one slot.
   */
  QUEUE_PREFIX: z
    .string()
    .regex(
      /^[\w-]*(\{[\w-]+\})?[\w-]*$/,
      "letters, digits, - and _ only, with at most one {hash tag} (e.g. {sieve}) for a Redis Cluster",
    )
    .min(1)
    .default("sieve"),
});

export const checkJobConfig = z.object({
  /** AES-256-GCM key (32 bytes, base64) sealing proxy credentials at rest; `pnpm start` makes one. */
  CREDENTIALS_KEY: z
    .string({ error: "is required: 32 random bytes, base64 (openssl rand -base64 32)" })
    .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded"),
  /** Items per queued chunk of a check job. */
  CHECK_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(250),
  /** Items one account may have accepted but not yet checked. */
  CHECK_MAX_ITEMS_IN_FLIGHT: z.coerce.number().int().min(1).default(200_000),
  /** Days a finished check job and its items are kept; after that the job answers 404 and is deleted. */
  JOB_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(7),
});
