import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { stderrListener } from "../error-listener.ts";
import { PrismaClient } from "../generated/prisma/client.ts";

export { PrismaClient };

/** One pg pool per process, shared by Prisma and the few raw queries that stream. */
export interface Database {
  pool: pg.Pool;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export function createDatabase(options: {
  url: string;
  poolMax?: number;
  /** Where errors of idle clients go (their server went away); without it, a line on stderr. */
  onError?: (error: Error) => void;
}): Database {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 20 });
  // An idle client that loses its server emits here; without a listener the process would crash.
  pool.on("error", options.onError ?? stderrListener("database pool"));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closing: Promise<void> | undefined;
  return {
    pool,
    prisma,
    close() {
      closing ??= (async () => {
        await prisma.$disconnect().catch(() => {});
        await pool.end().catch(() => {});
      })();
      return closing;
    },
  };
}
